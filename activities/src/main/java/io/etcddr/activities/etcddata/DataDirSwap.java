package io.etcddr.activities.etcddata;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.etcddata.EtcdDataActivities.SwapRequest;
import io.etcddr.contract.etcddata.EtcdDataActivities.Swapped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * `etcd.useDataDir`: a stopped member's data dir replaced by another one with two renames, the old
 * one kept under {@code keepAs}, never deleted. A journal beside {@code keepAs} records that the
 * swap began and ended, so a retry after a crash between the renames finishes it, and a retry after
 * it ended changes nothing. The same step with the dirs exchanged puts the old data back.
 */
final class DataDirSwap {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentPaths paths;

  DataDirSwap(AgentPaths paths) {
    this.paths = paths;
  }

  Swapped swap(SwapRequest request) {
    Path dataDir = paths.resolve(request.dataDir());
    Path replacement = paths.resolve(request.replacement());
    Path keepAs = paths.resolve(request.keepAs());
    Path journal = keepAs.resolveSibling(keepAs.getFileName() + ".etcd-dr-swap.json");
    try {
      if (phase(journal).equals("done")) {
        return new Swapped(request.dataDir(), request.keepAs(), false);
      }
      if (!phase(journal).equals("started")) {
        checkBeforeStart(request, dataDir, replacement, keepAs);
        if (!Files.isDirectory(replacement)) {
          // Nothing to put in place (e.g. undoing a swap that never began): the data dir stays.
          return new Swapped(request.dataDir(), request.keepAs(), false);
        }
        refuseWhileRunning(request, dataDir);
        record(journal, request, "started");
      }
      if (Files.exists(dataDir) && Files.isDirectory(replacement)) {
        Files.move(dataDir, keepAs, StandardCopyOption.ATOMIC_MOVE);
      }
      if (Files.isDirectory(replacement)) {
        Files.move(replacement, dataDir, StandardCopyOption.ATOMIC_MOVE);
      }
      DurableFiles.syncDir(dataDir.getParent());
      DurableFiles.syncDir(keepAs.getParent());
      record(journal, request, "done");
      return new Swapped(request.dataDir(), request.keepAs(), true);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      throw ActivityFailures.precondition(
          "cannot rename "
              + request.dataDir()
              + " within its file system (is it a mount point?); keep the replacement and keepAs"
              + " beside it, in the same folder");
    } catch (IOException e) {
      throw ActivityFailures.retryable("swapping " + request.dataDir() + " failed: " + e);
    }
  }

  private static void checkBeforeStart(
      SwapRequest request, Path dataDir, Path replacement, Path keepAs) {
    if (Files.exists(keepAs)) {
      throw ActivityFailures.precondition(
          request.keepAs()
              + " already exists; etcd-dr never overwrites a kept data dir: choose another keepAs");
    }
    if (dataDir.equals(replacement) || dataDir.equals(keepAs) || replacement.equals(keepAs)) {
      throw ActivityFailures.badInput(
          "dataDir, replacement and keepAs must be three different dirs");
    }
  }

  private static void refuseWhileRunning(SwapRequest request, Path dataDir) {
    RunningMembers.holding(dataDir)
        .ifPresent(
            pid -> {
              throw ActivityFailures.notYet(
                  "etcd still runs on "
                      + request.dataDir()
                      + " (pid "
                      + pid
                      + "); stop it first (docker.stop)");
            });
  }

  private static String phase(Path journal) throws IOException {
    if (!Files.exists(journal)) {
      return "";
    }
    return String.valueOf(JSON.readValue(journal.toFile(), Map.class).get("phase"));
  }

  private static void record(Path journal, SwapRequest request, String phase) throws IOException {
    Files.createDirectories(journal.getParent());
    DurableFiles.writeSynced(
        journal,
        JSON.writeValueAsString(
            Map.of(
                "dataDir", request.dataDir(),
                "replacement", request.replacement(),
                "keepAs", request.keepAs(),
                "phase", phase)));
  }
}
