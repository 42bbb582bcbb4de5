package io.moereplay.model;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** model/ stays plain Java, so its formulas are testable in microseconds and usable anywhere. */
class ArchitectureTest {

    @Test
    void modelImportsNoFrameworks() {
        JavaClasses model = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.moereplay.model");
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.flink..", "org.apache.parquet..", "org.apache.arrow..",
                        "org.apache.hadoop..", "com.fasterxml.jackson..")
                .check(model);
    }
}
