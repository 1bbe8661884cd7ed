#include "data/yahoo_chart.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace quantloop {

namespace {

using nlohmann::json;

double number_or_nan(const json& array, std::size_t i) {
  if (!array.is_array() || i >= array.size() || !array[i].is_number()) return std::nan("");
  return array[i].get<double>();
}

const json& path_or_null(const json& value, std::initializer_list<const char*> keys) {
  static const json null_value;
  const json* node = &value;
  for (const char* key : keys) {
    if (!node->is_object() || !node->contains(key)) return null_value;
    node = &(*node)[key];
  }
  return *node;
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += char(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace

std::string yahoo_symbol(std::string_view symbol, AssetType type) {
  if (type == AssetType::forex && !symbol.ends_with("=X")) return std::string(symbol) + "=X";
  return std::string(symbol);
}

void check_yahoo_request(Interval interval, std::string_view range) {
  const UnixSeconds span = range_seconds(range);
  if (interval.name() == "4h") {
    throw Error("Yahoo Finance has no 4h bars (use 1h and aggregate, or ingest a file)");
  }
  struct Limit {
    std::string_view interval;
    int days;
  };
  for (Limit limit : {Limit{"1m", 7}, {"5m", 60}, {"15m", 60}, {"30m", 60}, {"1h", 730}}) {
    if (interval.name() == limit.interval && span > limit.days * kSecondsPerDay) {
      throw Error(
          fmt::format("Yahoo Finance serves {} bars only for the last {} days; range {} "
                      "is longer",
                      limit.interval, limit.days, range));
    }
  }
}

std::string yahoo_chart_url(std::string_view base_url, std::string_view yahoo_symbol,
                            Interval interval, std::string_view range) {
  std::string_view base = base_url;
  while (base.ends_with('/'))
    base.remove_suffix(1);
  return fmt::format("{}/v8/finance/chart/{}?interval={}&range={}&includePrePost=false", base,
                     url_encode(yahoo_symbol), interval.name(), range);
}

YahooChart parse_yahoo_chart(std::string_view body, long status, const std::string& url,
                             Interval interval) {
  json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    std::string start(body.substr(0, 120));
    for (char& c : start) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    throw Error(
        fmt::format("GET {}: HTTP {}: not a Yahoo chart response: '{}'", url, status, start));
  }
  const json& error = path_or_null(document, {"chart", "error"});
  if (!error.is_null()) {
    throw Error(fmt::format("GET {}: HTTP {}: Yahoo error {}: {}", url, status,
                            error.value("code", std::string("?")),
                            error.value("description", std::string("no description"))));
  }
  if (status != 200) throw Error(fmt::format("GET {}: HTTP {}", url, status));
  const json& results = path_or_null(document, {"chart", "result"});
  if (!results.is_array() || results.empty()) {
    throw Error(fmt::format("GET {}: response has no chart result", url));
  }
  const json& result = results[0];
  YahooChart chart;
  chart.raw.push_back(url);  // bars name their source by pointing at this copy
  const std::string_view source = chart.raw.front();
  const json& timestamps = path_or_null(result, {"timestamp"});
  if (!timestamps.is_array()) return chart;  // a valid symbol with no bars in the range
  const json& quotes = path_or_null(result, {"indicators", "quote"});
  if (!quotes.is_array() || quotes.empty()) {
    throw Error(fmt::format("GET {}: response has timestamps but no quote arrays", url));
  }
  const json& quote = quotes[0];
  const json& adjclose = [&]() -> const json& {
    const json& list = path_or_null(result, {"indicators", "adjclose"});
    static const json none;
    return list.is_array() && !list.empty() ? path_or_null(list[0], {"adjclose"}) : none;
  }();
  const auto gmtoffset = path_or_null(result, {"meta", "gmtoffset"});
  const UnixSeconds offset = gmtoffset.is_number_integer() ? gmtoffset.get<UnixSeconds>() : 0;

  for (std::size_t i = 0; i < timestamps.size(); ++i) {
    if (!timestamps[i].is_number_integer()) {
      throw Error(fmt::format("GET {}: timestamp #{} is not an integer", url, i));
    }
    UnixSeconds time = timestamps[i].get<UnixSeconds>();
    Bar bar{time,
            number_or_nan(quote.value("open", json()), i),
            number_or_nan(quote.value("high", json()), i),
            number_or_nan(quote.value("low", json()), i),
            number_or_nan(quote.value("close", json()), i),
            number_or_nan(quote.value("volume", json()), i),
            number_or_nan(adjclose, i)};
    if (std::isnan(bar.open) && std::isnan(bar.high) && std::isnan(bar.low) &&
        std::isnan(bar.close)) {
      ++chart.null_rows;
      continue;
    }
    if (std::isnan(bar.volume)) bar.volume = 0;  // Yahoo reports no volume for FX and indices
    if (!interval.intraday()) {
      // Daily bars are stamped at the session open in local time; key them by the local date.
      bar.time = (time + offset) / kSecondsPerDay * kSecondsPerDay;
    }
    chart.raw.push_back(fmt::format(
        "{{\"timestamp\":{},\"open\":{},\"high\":{},\"low\":{},\"close\":{},\"volume\":{}}}", time,
        bar.open, bar.high, bar.low, bar.close, bar.volume));
    chart.bars.push_back({bar, 0, 0, chart.raw.back(), source});
  }
  return chart;
}

}  // namespace quantloop
