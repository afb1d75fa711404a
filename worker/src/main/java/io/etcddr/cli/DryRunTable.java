package io.etcddr.cli;

import io.etcddr.contract.Preflight;
import io.etcddr.engine.DryRunReport;
import io.etcddr.text.TextTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A dry run as an operator reads it: one row per step and node, then the verdict. */
final class DryRunTable {

  private DryRunTable() {}

  static void print(PrintWriter out, DryRunReport report) {
    out.println("dry run of " + report.runbook() + " — nothing was changed");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"STEP", "NODE", "READY", "WOULD — WHY"});
    for (DryRunReport.Row row : report.rows()) {
      // the free text goes last: a long approval prompt widens no other column
      rows.add(
          new String[] {
            row.step(),
            row.node().isEmpty()
                ? (row.readiness() == Preflight.Readiness.SKIPPED ? "-" : "worker")
                : row.node(),
            label(row.readiness()),
            row.would() + (row.why().isEmpty() ? "" : " — " + row.why())
          });
    }
    TextTable.print(out, rows);
    long blocking =
        report.rows().stream().filter(r -> r.readiness() == Preflight.Readiness.NOT_READY).count();
    out.println(
        blocking == 0
            ? "every step would run (those marked \"at run time\" depend on earlier steps)"
            : blocking + " step(s) would not run now: see WHY");
    out.flush();
  }

  static String label(Preflight.Readiness readiness) {
    return switch (readiness) {
      case READY -> "ready";
      case NOT_READY -> "NOT READY";
      case AT_RUN_TIME -> "at run time";
      case SKIPPED -> "skipped";
    };
  }
}
