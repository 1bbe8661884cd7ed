#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace quantloop {

// The asset classes of the seeds (market_data.asset_type holds the name): each has its own
// trading calendar (calendar.h) and Yahoo symbol convention.
enum class AssetType { stock, forex, crypto, index };

std::string_view to_string(AssetType type);
// Accepts "stock", "forex", "crypto", "index"; throws Error otherwise.
AssetType parse_asset_type(std::string_view text);

// Guesses the class from the symbol alone: "^GSPC" is an index, "EURUSD" / "EURUSD=X" forex
// (two ISO currency codes), "BTC-USD" / "BTCUSD" crypto, anything else a stock. The
// configuration's symbol lists take precedence over this guess.
AssetType classify_symbol(std::string_view symbol);

// The symbol in quantloop's spelling (Yahoo's, without Yahoo's "=X" on forex pairs):
// "EUR/USD", "EURUSD=X" -> "EURUSD"; "BTCUSD", "BTC/USD" -> "BTC-USD"; others upper-cased.
std::string canonical_symbol(std::string_view symbol);

// True when `code` is a three-letter ISO 4217 code of a currency traded on spot FX markets.
bool is_fiat_currency(std::string_view code);

}  // namespace quantloop
