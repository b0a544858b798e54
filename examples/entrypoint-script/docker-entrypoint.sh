#!/bin/sh
# Turn Docker secrets into environment variables, then run the command.
set -e
if [ -f /run/secrets/api_key ]; then
	API_KEY="$(cat /run/secrets/api_key)"
	export API_KEY
fi
exec "$@"
