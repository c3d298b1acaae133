# Sourced by ./mvnw (POSIX sh): makes sure Maven runs on a JDK 25, which Symposium needs (FFM, records,
# virtual threads). Keeps JAVA_HOME when it already points at a JDK 25; otherwise looks in the usual
# install locations and exports the first JDK 25 it finds; otherwise stops with a clear message.
symposium_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
symposium_select_jdk25() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(symposium_java_major "$JAVA_HOME")" = 25 ]; then
    return 0
  fi
  set +f # ./mvnw runs with globbing off
  for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*-25-* /opt/java/*25* /opt/jdk*25* "$HOME"/.sdkman/candidates/java/25* "$HOME"/.jdks/*25*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(symposium_java_major "$candidate")" = 25 ]; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      set -f
      return 0
    fi
  done
  set -f
  echo "Symposium needs a JDK 25, and none was found (JAVA_HOME='${JAVA_HOME-}', /usr/lib/jvm has none)." >&2
  echo "Install one (for example Temurin 25) and set JAVA_HOME to it, then run ./mvnw again." >&2
  return 1
}
symposium_select_jdk25 || exit 1
