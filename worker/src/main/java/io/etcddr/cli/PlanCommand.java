package io.etcddr.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.etcddr.contract.PlanJson;
import io.etcddr.runbook.compile.Compilation;
import io.etcddr.runbook.compile.Plan;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code etcd-dr plan FILE --set k=v}: the compiled plan, as a table or as JSON. */
@Command(
    name = "plan",
    description =
        "Compile a runbook with its inputs and show the plan: step, kind, where it runs,"
            + " needs, retry, timeout, condition.")
final class PlanCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the runbook file")
  Path file;

  @Option(
      names = "--set",
      paramLabel = "NAME=VALUE",
      description = "an input; lists as a,b or [\"a\",\"b\"]")
  List<String> sets = List.of();

  @Option(names = "--json", description = "print the plan and inputs as JSON")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    RunbookFiles.expand(List.of(file));
    Compilation result = new RunbookFiles().compile(file);
    if (!result.ok()) {
      var err = spec.commandLine().getErr();
      result.diagnostics().forEach(err::println);
      return ExitCode.FAILED.code();
    }
    Plan plan = result.planOrThrow();
    Map<String, Object> inputs = Inputs.bind(plan, sets);
    var out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("plan", plan);
      body.put("inputs", inputs);
      out.println(
          PlanJson.mapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(body));
    } else {
      new PlanTable(plan, inputs).print(out);
    }
    return ExitCode.OK.code();
  }
}
