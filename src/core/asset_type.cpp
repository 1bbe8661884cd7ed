#include "core/asset_type.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "core/error.h"

namespace quantloop {

namespace {

constexpr std::array<std::string_view, 4> kNames{"stock", "forex", "crypto", "index"};

constexpr std::array<std::string_view, 32> kFiatCurrencies{
    "USD", "EUR", "JPY", "GBP", "AUD", "NZD", "CAD", "CHF", "SEK", "NOK", "DKK",
    "HKD", "SGD", "CNY", "CNH", "MXN", "ZAR", "TRY", "PLN", "HUF", "CZK", "ILS",
    "INR", "KRW", "BRL", "RUB", "THB", "TWD", "IDR", "MYR", "PHP", "SAR"};

constexpr std::array<std::string_view, 12> kCryptoBases{"BTC", "ETH", "SOL", "XRP", "ADA",  "DOGE",
                                                        "LTC", "BCH", "DOT", "BNB", "AVAX", "LINK"};

}  // namespace

std::string_view to_string(AssetType type) {
  return kNames[static_cast<int>(type)];
}

AssetType parse_asset_type(std::string_view text) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == text) return static_cast<AssetType>(i);
  }
  throw Error(
      fmt::format("unknown asset type '{}' (expected stock, forex, crypto or index)", text));
}

bool is_fiat_currency(std::string_view code) {
  return std::find(kFiatCurrencies.begin(), kFiatCurrencies.end(), code) != kFiatCurrencies.end();
}

AssetType classify_symbol(std::string_view symbol) {
  if (symbol.starts_with('^')) return AssetType::index;
  if (symbol.ends_with("=X")) return AssetType::forex;
  if (symbol.size() == 6 && is_fiat_currency(symbol.substr(0, 3)) &&
      is_fiat_currency(symbol.substr(3, 3))) {
    return AssetType::forex;
  }
  // Yahoo names every coin BASE-USD (and no stock so): any base with that quote is a coin.
  if (const auto dash = symbol.rfind('-'); dash != std::string_view::npos && dash >= 2) {
    const std::string_view quote = symbol.substr(dash + 1);
    if ((quote == "USD" || quote == "USDT" || quote == "USDC") &&
        std::all_of(symbol.begin(), symbol.begin() + std::ptrdiff_t(dash),
                    [](char c) { return std::isalnum(static_cast<unsigned char>(c)); })) {
      return AssetType::crypto;
    }
  }
  for (std::string_view base : kCryptoBases) {
    if (symbol.starts_with(base)) {
      std::string_view quote = symbol.substr(base.size());
      if (quote.starts_with('-') || quote.starts_with('/')) quote.remove_prefix(1);
      if (quote == "USD" || quote == "USDT" || quote == "USDC" || quote == "EUR") {
        return AssetType::crypto;
      }
    }
  }
  return AssetType::stock;
}

std::string canonical_symbol(std::string_view symbol) {
  std::string upper;
  for (char c : symbol)
    upper += char(std::toupper(static_cast<unsigned char>(c)));
  if (upper.ends_with("=X")) upper.resize(upper.size() - 2);
  if (upper.size() == 7 && upper[3] == '/' && is_fiat_currency(upper.substr(0, 3)) &&
      is_fiat_currency(upper.substr(4, 3))) {
    upper = upper.substr(0, 3) + upper.substr(4);
  }
  if (classify_symbol(upper) == AssetType::crypto) {
    const auto separator = upper.find_first_of("/-");
    if (separator != std::string::npos) {
      upper[separator] = '-';
    } else {
      for (std::string_view base : kCryptoBases) {
        if (upper.starts_with(base)) {
          upper = std::string(base) + "-" + upper.substr(base.size());
          break;
        }
      }
    }
  }
  return upper;
}

}  // namespace quantloop
