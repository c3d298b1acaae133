package io.symposium.orchestrator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the Symposium service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SymposiumApplication {

  public static void main(String[] args) {
    SpringApplication.run(SymposiumApplication.class, args);
  }
}
