package io.symposium.orchestrator.routing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Routing is plain, in-memory Java: it runs without Spring and never waits on I/O (issue 6,
 * DESIGN.md).
 */
final class RoutingArchitectureTest {

  @Test
  void routing_noSpringReactorOrIo() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "reactor..",
            "io.r2dbc..",
            "java.io..",
            "java.nio..",
            "java.net..",
            "java.sql..",
            "java.util.concurrent..")
        .because("routing a query is handed everything in memory and must never block (issue 6)")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.symposium.orchestrator.routing"));
  }
}
