package io.symposium.pool;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The model pool's layering (STYLE.md rules 4 and 23), checked on its production classes.
 *
 * <p>Its API is the root package {@code io.symposium.pool} plus one package exported on purpose:
 * {@code io.symposium.pool.gguf}, the GGUF inspector and writer, which the other modules' tests and
 * the zoo exporter in evals use to build and check model files. The architecture test of each
 * module that depends on the pool checks that it uses nothing else of it.
 */
final class ArchitectureTest {

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.symposium.pool");

  @Test
  void packages_freeOfCycles() {
    slices()
        .matching("io.symposium.pool.(*)..")
        .should()
        .beFreeOfCycles()
        .because("a package builds on others one way only (STYLE.md rule 5)")
        .check(CLASSES);
  }

  @Test
  void exportedGgufPackage_exposesNoInternalPackage() {
    noClasses()
        .that()
        .resideInAPackage("io.symposium.pool.gguf..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.symposium.pool..")
                .and(not(resideInAPackage("io.symposium.pool.gguf..")))
                .as("the rest of the pool"))
        .because("other modules use the GGUF package, so it must not pull the pool's internals in")
        .check(CLASSES);
  }

  @Test
  void pool_dependsOnNoLaterModule() {
    noClasses()
        .that()
        .resideInAPackage("io.symposium.pool..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.symposium.aggregate..",
            "io.symposium.profile..",
            "io.symposium.orchestrator..",
            "io.symposium.evals..",
            "org.springframework..")
        .because("model-pool depends on nothing of ours (DESIGN.md)")
        .check(CLASSES);
  }
}
