package io.symposium.evals;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The evals module's layering (STYLE.md rules 4 and 23), checked on its production classes: it sits
 * on top of every other module and uses each only through its API.
 */
final class ArchitectureTest {

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.symposium.evals");

  @Test
  void packages_freeOfCycles() {
    slices()
        .matching("io.symposium.evals.(*)..")
        .should()
        .beFreeOfCycles()
        .because("a package builds on others one way only (STYLE.md rule 5)")
        .check(CLASSES);
  }

  /**
   * A module's API is its root package plus what its own ArchitectureTest exports on purpose:
   * model-pool exports its GGUF package (the zoo exporter writes GGUF files with it), orchestrator
   * its routing package (the evals runner routes with the service's routers).
   */
  @Test
  void evals_usesOtherModules_onlyThroughTheirApi() {
    usesOnlyTheApiOf("io.symposium.pool", "io.symposium.pool", "io.symposium.pool.gguf");
    usesOnlyTheApiOf("io.symposium.aggregate", "io.symposium.aggregate");
    usesOnlyTheApiOf("io.symposium.profile", "io.symposium.profile");
    usesOnlyTheApiOf(
        "io.symposium.orchestrator",
        "io.symposium.orchestrator",
        "io.symposium.orchestrator.routing");
  }

  private static void usesOnlyTheApiOf(String module, String... api) {
    DescribedPredicate<JavaClass> internal =
        resideInAPackage(module + "..")
            .and(not(resideInAnyPackage(api)))
            .as("internal classes of " + module);
    noClasses()
        .that()
        .resideInAPackage("io.symposium.evals..")
        .should()
        .dependOnClassesThat(internal)
        .because("a module's API is its root package and what it exports (STYLE.md rule 4)")
        .check(CLASSES);
  }

  @Test
  void evals_neverCallsNativeCode() {
    noClasses()
        .that()
        .resideInAPackage("io.symposium.evals..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("java.lang.foreign..")
        .because("exactly one package, in model-pool, calls native code (STYLE.md rule 11)")
        .check(CLASSES);
  }
}
