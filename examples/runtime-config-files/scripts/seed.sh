#!/bin/sh
# Developer helper: load sample rows into a local database. Not used in the image.
set -eu
psql "${DATABASE_URL:?}" -c "INSERT INTO items (sku, count) VALUES ('mug-01', 10), ('tee-02', 4);"
