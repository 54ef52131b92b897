#!/usr/bin/env bash
# Apache Jena command-line tools from Debian (libapache-jena-java 4.5.0), with two packaging fixes:
# an explicit classpath without the slf4j/log4j loop, and xerces resources re-packed into a small jar.
# usage: jena.sh riot|arq|shacl ARGS...   (needs: apt-get install -y libapache-jena-java)
set -euo pipefail
D=${JENA_FIX_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/jena-fix}; mkdir -p "$D"; FIX=$D/jena-xerces-resources-fix.jar
if [ ! -f "$FIX" ]; then  # Debian 4.5.0-2 relocates xerces classes to xerces.* but leaves its .properties under org/apache/jena/ext/xerces
  T=$(mktemp -d); (cd "$T" && unzip -q /usr/share/java/jena-core.jar 'org/apache/jena/ext/xerces/*' && mv org/apache/jena/ext/xerces xerces && jar cf "$FIX" xerces); rm -rf "$T"
fi
CP=$FIX
for p in $(apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances libapache-jena-java | grep -v '^ ' | grep -- '-java$' | sort -u); do
  for j in $(dpkg -L "$p" | grep -E '^/usr/share/java/[^/]+\.jar$' | grep -vE -- '-[0-9][0-9.]*[^/]*\.jar$|slf4j|log4j'); do CP=$CP:$j; done
done
CP=$CP:/usr/share/java/slf4j-api.jar:/usr/share/java/slf4j-simple.jar
case "$1" in riot) M=riotcmd.riot;; arq) M=arq.arq;; shacl) M=shacl.shacl;; *) M=$1;; esac; shift
exec java ${JAVA_OPTS:-} -cp "$CP" "$M" "$@"
