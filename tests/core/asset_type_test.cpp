#include "core/asset_type.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace quantloop {
namespace {

TEST(AssetType, ClassifiesBySymbolConventions) {
  EXPECT_EQ(classify_symbol("AAPL"), AssetType::stock);
  EXPECT_EQ(classify_symbol("EURUSD"), AssetType::forex);
  EXPECT_EQ(classify_symbol("USDJPY=X"), AssetType::forex);
  EXPECT_EQ(classify_symbol("BTC-USD"), AssetType::crypto);
  EXPECT_EQ(classify_symbol("ATOM-USD"), AssetType::crypto);  // any coin Yahoo's way
  EXPECT_EQ(classify_symbol("BRK-B"), AssetType::stock);
  EXPECT_EQ(classify_symbol("ETHUSDT"), AssetType::crypto);
  EXPECT_EQ(classify_symbol("^GSPC"), AssetType::index);
  // Six letters that are not two currencies are a stock ticker.
  EXPECT_EQ(classify_symbol("GOOGLX"), AssetType::stock);
}

TEST(AssetType, CanonicalSpelling) {
  EXPECT_EQ(canonical_symbol("eurusd=x"), "EURUSD");
  EXPECT_EQ(canonical_symbol("EUR/USD"), "EURUSD");
  EXPECT_EQ(canonical_symbol("BTCUSD"), "BTC-USD");
  EXPECT_EQ(canonical_symbol("btc/usd"), "BTC-USD");
  EXPECT_EQ(canonical_symbol("aapl"), "AAPL");
  EXPECT_EQ(canonical_symbol("^gspc"), "^GSPC");
}

TEST(AssetType, NamesRoundTrip) {
  for (AssetType type : {AssetType::stock, AssetType::forex, AssetType::crypto, AssetType::index}) {
    EXPECT_EQ(parse_asset_type(to_string(type)), type);
  }
  EXPECT_THROW(parse_asset_type("bond"), Error);
}

}  // namespace
}  // namespace quantloop
