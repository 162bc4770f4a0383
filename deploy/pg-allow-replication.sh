#!/bin/sh
# Run once by the postgres image when its volume is first made: the compose profile `scale`'s
# replica (another container) may stream from this server as the database's own user, with its
# password (docker-compose.yml, db-replica).
set -e
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
