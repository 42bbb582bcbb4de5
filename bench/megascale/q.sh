#!/usr/bin/env bash
# usage: q.sh "SQL" -- runs one query in DuckDB (JDBC, from the local Maven repository) and prints the rows.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java -cp "$(find ~/.m2 -name "duckdb_jdbc-*.jar" | head -1)" "$here/Q.java" "$1"
