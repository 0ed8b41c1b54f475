#include "sim/dag/airflow_backoff.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/assert.h"
#include "sim/sha1.h"

namespace ringsim {

namespace {

constexpr std::int64_t kMaxRetryDelayS = 86400;  // Airflow's [core] max_task_retry_delay default

// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's
// civil_from_days).
void civil_from_days(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
}

}  // namespace

std::string airflow_logical_date(TimeNs at_ns) {
  RINGSIM_ASSERT(at_ns >= 0);
  const std::int64_t seconds = at_ns / kNsPerS;
  std::int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  civil_from_days(seconds / 86400, year, month, day);
  const std::int64_t of_day = seconds % 86400;
  char text[48];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02uT%02lld:%02lld:%02lld+00:00", static_cast<long long>(year), month,
                day, static_cast<long long>(of_day / 3600), static_cast<long long>(of_day / 60 % 60),
                static_cast<long long>(of_day % 60));
  return text;
}

TimeNs airflow_retry_delay_ns(std::string_view dag_id, std::string_view task_id, std::string_view logical_date,
                              std::uint32_t failed_try, TimeNs retry_delay_ns, TimeNs max_retry_delay_ns) {
  RINGSIM_ASSERT(failed_try >= 1);
  const double delay_s = static_cast<double>(retry_delay_ns) / kNsPerS;
  // Beyond 2^40 s the cap below decides anyway; keep the product finite.
  const double scaled = std::ceil(delay_s * std::ldexp(1.0, static_cast<int>(std::min<std::uint32_t>(failed_try - 1, 40))));
  const auto min_backoff = static_cast<std::uint64_t>(std::clamp(scaled, 1.0, 1e15));
  const std::string id = std::string(dag_id) + "#" + std::string(task_id) + "#" + std::string(logical_date) + "#" +
                         std::to_string(failed_try + 1);
  const std::uint64_t modded = min_backoff + sha1_mod(sha1(id), min_backoff);
  std::int64_t seconds = std::min<std::int64_t>(static_cast<std::int64_t>(std::min<std::uint64_t>(modded, 1ULL << 62)),
                                                kMaxRetryDelayS);
  TimeNs delay_ns = seconds * kNsPerS;
  if (max_retry_delay_ns > 0) delay_ns = std::min(delay_ns, max_retry_delay_ns);
  return delay_ns;
}

}  // namespace ringsim
