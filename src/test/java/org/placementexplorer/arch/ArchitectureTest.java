package org.placementexplorer.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/** The core never touches JavaFX, and the layers point one way (see docs/decisions). */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.placementexplorer");

    @Test
    void corePackagesNeverImportJavaFx() {
        noClasses().that().resideInAnyPackage("org.placementexplorer.model..", "org.placementexplorer.cost..",
                "org.placementexplorer.eval..", "org.placementexplorer.solve..", "org.placementexplorer.bound..",
                "org.placementexplorer.mip..", "org.placementexplorer.io..", "org.placementexplorer.cli..",
                "org.placementexplorer.util..", "org.placementexplorer.draw..", "org.placementexplorer.layout..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("the core runs headless, in the CLI and in tests")
                .check(CLASSES);
    }

    @Test
    void modelDependsOnNothingElseOfOurs() {
        noClasses().that().resideInAPackage("org.placementexplorer.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.placementexplorer.cost..",
                        "org.placementexplorer.eval..", "org.placementexplorer.solve..",
                        "org.placementexplorer.bound..", "org.placementexplorer.io..", "org.placementexplorer.cli..",
                        "org.placementexplorer.ui..", "org.placementexplorer.app..")
                .check(CLASSES);
    }

    @Test
    void evaluatorAndCostsDoNotReachUpwards() {
        noClasses().that().resideInAnyPackage("org.placementexplorer.cost..", "org.placementexplorer.eval..")
                .should().dependOnClassesThat().resideInAnyPackage("org.placementexplorer.solve..",
                        "org.placementexplorer.bound..", "org.placementexplorer.io..", "org.placementexplorer.cli..",
                        "org.placementexplorer.ui..")
                .check(CLASSES);
    }

    @Test
    void solversAndBoundsDoNotUseFilesOrViews() {
        noClasses().that().resideInAnyPackage("org.placementexplorer.solve..", "org.placementexplorer.bound..")
                .should().dependOnClassesThat().resideInAnyPackage("org.placementexplorer.io..",
                        "org.placementexplorer.cli..", "org.placementexplorer.ui..")
                .check(CLASSES);
    }

    @Test
    void mipModelsSitBelowBoundsAndSolvers() {
        noClasses().that().resideInAPackage("org.placementexplorer.mip..")
                .should().dependOnClassesThat().resideInAnyPackage("org.placementexplorer.bound..",
                        "org.placementexplorer.solve..", "org.placementexplorer.io..", "org.placementexplorer.cli..",
                        "org.placementexplorer.ui..", "org.placementexplorer.app..")
                .because("the MIP layer (models, backends) serves both bounds and solvers")
                .check(CLASSES);
    }

    @Test
    void drawingsAndLayoutsUseOnlyTheModelAndTheEvaluator() {
        noClasses().that().resideInAnyPackage("org.placementexplorer.draw..", "org.placementexplorer.layout..")
                .should().dependOnClassesThat().resideInAnyPackage("org.placementexplorer.solve..",
                        "org.placementexplorer.bound..", "org.placementexplorer.io..", "org.placementexplorer.cli..",
                        "org.placementexplorer.ui..")
                .because("pictures are drawn the same way by the window and the command line")
                .check(CLASSES);
    }

    @Test
    void boundsDoNotDependOnSolvers() {
        noClasses().that().resideInAPackage("org.placementexplorer.bound..")
                .should().dependOnClassesThat().resideInAPackage("org.placementexplorer.solve..")
                .check(CLASSES);
    }

    @Test
    void onlyTheUiAndTheLauncherKnowTheUi() {
        noClasses().that().resideOutsideOfPackages("org.placementexplorer.ui..", "org.placementexplorer.app..")
                .should().dependOnClassesThat().resideInAPackage("org.placementexplorer.ui..")
                .check(CLASSES);
    }
}
