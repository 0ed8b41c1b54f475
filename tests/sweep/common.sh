# Helpers for the sweep tests (sourced). Usage: source common.sh; needs $RINGSIM.

fail() { echo "FAIL: $*" >&2; exit 1; }

# Column index (1-based) of a header name in a CSV file.
csv_column() {
  local file="$1" name="$2"
  head -1 "$file" | tr ',' '\n' | grep -nxF -- "$name" | cut -d: -f1
}

# Value of column NAME in data row ROW (1-based) of a CSV file.
csv_value() {
  local file="$1" row="$2" name="$3" column
  column="$(csv_column "$file" "$name")"
  [[ -n "$column" ]] || fail "$file has no column $name"
  sed -n "$((row + 1))p" "$file" | cut -d, -f"$column"
}

# Run directories equal but for wall_time_s (the one wall-clock number in summary.json).
same_run_dirs() {
  local a="$1" b="$2" point
  for point in "$a"/points/*; do
    point="$(basename "$point")"
    cmp -s "$a/points/$point/pooled.json" "$b/points/$point/pooled.json" || fail "pooled.json of point $point differs"
    cmp -s "$a/points/$point/timeseries.csv" "$b/points/$point/timeseries.csv" || fail "timeseries.csv of point $point differs"
    diff <(grep -v '"wall_time_s"' "$a/points/$point/summary.json") \
         <(grep -v '"wall_time_s"' "$b/points/$point/summary.json") >/dev/null ||
      fail "summary.json of point $point differs beyond wall_time_s"
  done
  [[ "$(ls "$a/points" | wc -l)" == "$(ls "$b/points" | wc -l)" ]] || fail "different numbers of points"
}
