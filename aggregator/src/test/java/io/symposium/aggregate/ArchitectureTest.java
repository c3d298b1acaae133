package io.symposium.aggregate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module's layering (STYLE.md rules 4 and 23), checked on its production classes. */
final class ArchitectureTest {

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.symposium.aggregate");

  @Test
  void aggregator_usesModelPool_onlyThroughItsRootPackage() {
    noClasses()
        .that()
        .resideInAPackage("io.symposium.aggregate..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.symposium.pool.(*)..")
        .check(CLASSES);
  }

  @Test
  void aggregator_dependsOnNoLaterModule() {
    noClasses()
        .that()
        .resideInAPackage("io.symposium.aggregate..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.symposium.profile..",
            "io.symposium.orchestrator..",
            "io.symposium.evals..",
            "org.springframework..")
        .check(CLASSES);
  }

  @Test
  void packages_freeOfCycles() {
    slices()
        .matching("io.symposium.aggregate.(*)..")
        .should()
        .beFreeOfCycles()
        .because("a package builds on others one way only (STYLE.md rule 5)")
        .check(CLASSES);
  }

  @Test
  void packages_noUtilOrHelper() {
    noClasses()
        .should()
        .resideInAnyPackage("..util..", "..utils..", "..helper..", "..helpers..")
        .check(CLASSES);
  }
}
