package io.symposium.pool;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
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
 *
 * <p>llama.cpp code is split by the process it runs in: {@code llamacpp.client} in the service's
 * JVM, {@code llamacpp.worker} and {@code llamacpp.engine} inside a worker process, and {@code
 * llamacpp.protocol} the names both sides share. The rules below keep native code and the worker's
 * classes out of the service.
 */
final class ArchitectureTest {

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.symposium.pool");

  private static final String WORKER = "io.symposium.pool.llamacpp.worker..";
  private static final String ENGINE = "io.symposium.pool.llamacpp.engine..";

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
  void llamaCppPackages_freeOfCycles() {
    slices()
        .matching("io.symposium.pool.llamacpp.(*)..")
        .should()
        .beFreeOfCycles()
        .because("client, protocol, worker and engine build on each other one way only")
        .check(CLASSES);
  }

  @Test
  void nativeCode_onlyInEngine() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ENGINE)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("java.lang.foreign..")
        .orShould()
        .callMethod(System.class, "load", String.class)
        .orShould()
        .callMethod(System.class, "loadLibrary", String.class)
        .because(
            "only the engine, inside a worker process, loads and calls llama.cpp (STYLE.md 11)")
        .check(CLASSES);
  }

  @Test
  void serviceSide_reachesWorkerOnlyThroughProtocol() {
    noClasses()
        .that()
        .resideOutsideOfPackages(WORKER, ENGINE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(WORKER, ENGINE)
        .because(
            "the service talks to a worker process over HTTP; linking its classes would load"
                + " worker code, and with it native code, into the service's JVM")
        .check(CLASSES);
  }

  @Test
  void workerSide_usesNoServiceSideCode() {
    noClasses()
        .that()
        .resideInAnyPackage(WORKER, ENGINE)
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.symposium.pool..")
                .and(
                    not(
                        resideInAnyPackage(
                            WORKER,
                            ENGINE,
                            "io.symposium.pool.llamacpp.protocol..",
                            "io.symposium.pool.gguf..")))
                // the chat prompt is a plain value both sides render the same way
                .and(not(belongToAnyOf(ChatPrompt.class)))
                .as("the service side of the pool"))
        .because("a worker process runs the engine alone, without the service's pool")
        .check(CLASSES);
  }

  @Test
  void engine_knowsNothingOfTheWorkerProtocol() {
    noClasses()
        .that()
        .resideInAPackage(ENGINE)
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.symposium.pool..")
                .and(not(resideInAnyPackage(ENGINE, "io.symposium.pool.gguf..")))
                .as("the rest of the pool"))
        .because("the engine is a plain Java API over llama.cpp; the worker puts HTTP in front")
        .check(CLASSES);
  }

  @Test
  void protocol_dependsOnNothingOfThePool() {
    noClasses()
        .that()
        .resideInAPackage("io.symposium.pool.llamacpp.protocol..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.symposium.pool..")
                .and(not(resideInAPackage("io.symposium.pool.llamacpp.protocol..")))
                .as("the rest of the pool"))
        .because("both sides of the process use it, so it may pull in neither")
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
