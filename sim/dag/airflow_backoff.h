// Airflow's retry delay with retry_exponential_backoff (apache/airflow
// airflow/models/taskinstance.py, TaskInstance.next_retry_datetime), in whole seconds:
//
//   min_backoff = max(1, ceil(retry_delay_s x 2^(failed_try - 1)))
//   delay_s     = min_backoff + int(sha1("dag_id#task_id#logical_date#next_try")) mod min_backoff
//   delay_s     = min(delay_s, 86400 [MAX_RETRY_DELAY], max_retry_delay_s)
//
// so the delay lies in [min_backoff, 2 x min_backoff), deterministic per task instance and
// try. (Airflow computes it with try_number already the next try: the exponent is
// try_number - 2 and the hash has try_number; here failed_try is the attempt that failed,
// next_try = failed_try + 1.) The logical date is the run's start as Airflow prints a
// pendulum datetime, "1970-01-01T00:00:00+00:00" plus the start's whole virtual seconds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/time.h"

namespace ringsim {

// "YYYY-MM-DDTHH:MM:SS+00:00" for `at_ns` after 1970-01-01T00:00:00 UTC (whole seconds).
std::string airflow_logical_date(TimeNs at_ns);

TimeNs airflow_retry_delay_ns(std::string_view dag_id, std::string_view task_id, std::string_view logical_date,
                              std::uint32_t failed_try, TimeNs retry_delay_ns, TimeNs max_retry_delay_ns);

}  // namespace ringsim
