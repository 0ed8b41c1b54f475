// What a cluster scenario describes, as read from its JSON: the cluster, its data, the
// client workload, the timeline of actions and the DAG pipelines. Plain data; the
// scenario loader (run/scenario.h) fills it and ClusterModel runs it.
#pragma once

#include <vector>

#include "cluster/cluster_config.h"
#include "workloads/pipelines.h"
#include "workloads/point_workload.h"
#include "workloads/timeline.h"
#include "workloads/vector_data.h"

namespace ringsim {

struct ClusterScenario {
  ClusterConfig cluster;
  DataConfig data;
  PointWorkloadConfig workload;
  std::vector<TimelineActionPtr> timeline;
  std::vector<PipelineConfig> pipelines;
  std::vector<DagPoolSpec> pools;  // Airflow pools the pipelines' tasks share.
};

}  // namespace ringsim
