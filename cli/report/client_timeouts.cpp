#include "cli/report/client_timeouts.h"

#include "sim/number_text.h"

namespace ringsim {

std::string client_timeouts_text(const nlohmann::json& document) {
  if (!document.is_object() || !document.contains("cluster") || !document["cluster"].is_object()) return "";
  const nlohmann::json& cluster = document["cluster"];
  const nlohmann::json client = cluster.value("client", nlohmann::json::object());
  if (!client.is_object()) return "";
  // The loader's defaults (cluster/cluster_config.h): 50 ms, 2 retries.
  const double timeout_ms = client.value("timeout_ms", 50.0);
  const double retries = client.value("max_retries", 2.0);
  std::string text = "call " + format_number(timeout_ms) + " ms (timeout_ms)";
  const bool vectors = document.contains("data") && document["data"].is_object() && document["data"].contains("vectors");
  if (vectors) {
    if (client.contains("search_timeout_ms") && client["search_timeout_ms"].is_number()) {
      text += ", search attempt " + format_number(client["search_timeout_ms"].get<double>()) + " ms (search_timeout_ms)";
    } else {
      text += ", search attempt " + format_number(timeout_ms * (retries + 2)) + " ms (search_timeout_ms = " +
              format_number(timeout_ms) + " x (" + format_number(retries) + " + 2))";
    }
  }
  return text + ", max_retries " + format_number(retries);
}

}  // namespace ringsim
