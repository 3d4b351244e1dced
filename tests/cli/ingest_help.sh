#!/bin/sh
# depeche ingest --help: the usage on stdout, success
"$DEPECHE" ingest --help
