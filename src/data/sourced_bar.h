#pragma once

#include <cstdint>
#include <string_view>

#include "core/bar.h"

namespace quantloop {

// A bar as a provider delivered it, before validation, with where it came from so that a
// rejection can name the source and line.
struct SourcedBar {
  Bar bar;
  std::int64_t line = 0;     // 1-based line in the source, 0 when not line-based
  std::uint32_t symbol = 0;  // index into the source's symbol list
  std::string_view raw;      // the input text of the bar (must outlive the SourcedBar)
  std::string_view source;   // file path or URL (must outlive the SourcedBar)
  // The UTC offset the source wrote with the time (seconds; local = UTC + offset): a daily
  // bar is dated by its local date ("2020-01-02 00:00:00-05:00" is 2 January).
  std::int32_t written_offset = 0;
};

}  // namespace quantloop
