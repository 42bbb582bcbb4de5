package io.moereplay.jobs.cli;

import picocli.CommandLine.Command;

/** {@code moe-replay schema}: prints every output table's Parquet schema as Markdown. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        header = "Prints the Parquet schema of every output table.",
        description = "Print the Parquet schema of every output table (Markdown, as in docs/output-tables.md).")
final class SchemaCommand implements Runnable {

    @Override
    public void run() {
        System.out.print(OutputTables.markdown());
    }
}
