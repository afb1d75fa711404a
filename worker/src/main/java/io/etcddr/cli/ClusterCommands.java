package io.etcddr.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.TemporalClusterRecords;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.contract.PlanJson;
import io.etcddr.runs.ClusterView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `cluster status NAME`: a cluster's generations and fences, from its durable record. */
@Command(
    name = "cluster",
    description = "Look at a cluster's durable record: generations, fenced nodes, fence orders.",
    subcommands = {ClusterCommands.Status.class})
final class ClusterCommands {

  @Command(
      name = "status",
      description =
          "Show the cluster's current generation and members, every earlier generation, the"
              + " fenced nodes and the fence orders waiting for their agent.")
  static final class Status implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin TemporalFlags temporal;
    @Mixin Folders.Clusters clusters;

    @Parameters(index = "0", paramLabel = "NAME", description = "the cluster's name")
    String name;

    @Option(names = "--json", description = "print it as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
      ClusterInventory inventory = clusters.inventory();
      if (inventory.find(name).isEmpty()) {
        throw new UsageException(
            "no cluster `"
                + name
                + "` in the inventory "
                + clusters.path()
                + "; known: "
                + String.join(", ", inventory.names()));
      }
      try (TemporalConnection connection = TemporalConnection.open(temporal.options())) {
        ClusterView view =
            new ClusterView(
                name, new TemporalClusterRecords(connection.client()).find(name).orElse(null));
        var out = spec.commandLine().getOut();
        if (json) {
          out.println(
              PlanJson.mapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(view.asMap()));
        } else {
          view.print(out);
        }
        return ExitCode.OK.code();
      }
    }
  }
}
