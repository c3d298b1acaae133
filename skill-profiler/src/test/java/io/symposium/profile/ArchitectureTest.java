package io.symposium.profile;

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
 * The skill profiler's layering (STYLE.md rules 4 and 23), checked on its production classes. Its
 * API is its root package; it exports no subpackage.
 */
final class ArchitectureTest {

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.symposium.profile");

  /**
   * Vacuous while the module is a single package (hence {@code allowEmptyShould}); it guards the
   * subpackages a split would add.
   */
  @Test
  void packages_freeOfCycles() {
    slices()
        .matching("io.symposium.profile.(*)..")
        .should()
        .beFreeOfCycles()
        .because("a package builds on others one way only (STYLE.md rule 5)")
        .allowEmptyShould(true)
        .check(CLASSES);
  }

  /** model-pool's API: its root package and the GGUF package it exports (its ArchitectureTest). */
  @Test
  void profiler_usesOtherModules_onlyThroughTheirApi() {
    usesOnlyTheApiOf("io.symposium.pool", "io.symposium.pool", "io.symposium.pool.gguf");
    usesOnlyTheApiOf("io.symposium.aggregate", "io.symposium.aggregate");
  }

  private static void usesOnlyTheApiOf(String module, String... api) {
    DescribedPredicate<JavaClass> internal =
        resideInAPackage(module + "..")
            .and(not(resideInAnyPackage(api)))
            .as("internal classes of " + module);
    noClasses()
        .that()
        .resideInAPackage("io.symposium.profile..")
        .should()
        .dependOnClassesThat(internal)
        .because("a module's API is its root package and what it exports (STYLE.md rule 4)")
        .check(CLASSES);
  }

  @Test
  void profiler_dependsOnNoLaterModule() {
    noClasses()
        .that()
        .resideInAPackage("io.symposium.profile..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.symposium.orchestrator..", "io.symposium.evals..", "org.springframework..")
        .because("dependencies point down only (DESIGN.md)")
        .check(CLASSES);
  }
}
