// The two client timeouts of a cluster scenario as one line for people (console summary,
// HTML report): the per-call timeout (client.timeout_ms: a get/put/delete attempt, each
// shard call) and the search-attempt timeout (client.search_timeout_ms, by default
// timeout_ms x (max_retries + 2); cluster/cluster_config.h, docs/cluster.md). Read from the
// scenario document as run (after --set), with the loader's defaults; "" for a scenario
// without a cluster.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace ringsim {

// "call 50 ms (timeout_ms), search attempt 200 ms (search_timeout_ms = 50 x (2 + 2)), max_retries 2"
std::string client_timeouts_text(const nlohmann::json& scenario_document);

}  // namespace ringsim
