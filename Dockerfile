# Builds the Symposium service from this repository and runs it.
FROM eclipse-temurin:25-jdk AS build
RUN apt-get update && apt-get install -y --no-install-recommends curl unzip && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -DskipTests install

FROM eclipse-temurin:25-jre
# libstdc++6: llama.cpp's native libraries are C++ (the bundled ones are extracted to ~/.cache at first use)
RUN apt-get update && apt-get install -y --no-install-recommends libstdc++6 curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home symposium
WORKDIR /app
COPY --from=build /src/orchestrator/target/orchestrator-*-exec.jar /app/symposium.jar
USER symposium
EXPOSE 8080
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/symposium.jar"]
