package io.symposium.orchestrator;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries that Maven cannot see: modules talk to each other only through their
 * exported packages, native code stays in one package, and no package is a junk drawer.
 */
final class ArchitectureTest {

  static JavaClasses symposium;

  @BeforeAll
  static void importClasses() {
    symposium =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.symposium");
  }

  @Test
  void modules_otherModulesInternals_notImported() {
    internalsOf("io.symposium.pool", "io.symposium.pool", "io.symposium.pool.gguf");
    internalsOf("io.symposium.aggregate", "io.symposium.aggregate");
    internalsOf("io.symposium.profile", "io.symposium.profile");
  }

  /**
   * Classes outside {@code module} may use its {@code exported} packages and nothing else of it.
   */
  private static void internalsOf(String module, String... exported) {
    DescribedPredicate<JavaClass> internal =
        resideInAPackage(module + "..")
            .and(not(resideInAnyPackage(exported)))
            .as("internal classes of " + module);
    noClasses()
        .that()
        .resideOutsideOfPackage(module + "..")
        .should()
        .dependOnClassesThat(internal)
        .because("a module's API is its exported packages (STYLE.md rule 4)")
        .allowEmptyShould(true)
        .check(symposium);
  }

  /** The orchestrator's feature packages ({@code query}, {@code routing}, …) form no cycle. */
  @Test
  void packages_freeOfCycles() {
    slices()
        .matching("io.symposium.orchestrator.(*)..")
        .should()
        .beFreeOfCycles()
        .because("a feature package builds on others one way only (STYLE.md rule 5)")
        .check(symposium);
  }

  @Test
  void nativeCode_onlyInLlamaCppPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.symposium.pool.llamacpp.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("java.lang.foreign..")
        .because("exactly one package calls native code (STYLE.md rule 11)")
        .allowEmptyShould(true)
        .check(symposium);
  }

  @Test
  void packages_noJunkDrawerNames() {
    noClasses()
        .should()
        .resideInAnyPackage(
            "..util..", "..utils..", "..helper..", "..helpers..", "..common..", "..misc..")
        .allowEmptyShould(true)
        .check(symposium);
  }

  @Test
  void libraries_neverUseSpring() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.symposium.pool..", "io.symposium.aggregate..", "io.symposium.profile..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "io.r2dbc..")
        .because("the pipeline must run without a Spring context (DESIGN.md)")
        .allowEmptyShould(true)
        .check(symposium);
  }
}
