package io.etcddr.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.host.DigestSidecar;
import io.etcddr.contract.store.StoreActivities;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fetch whose download fails on this node's disk says so in its own words ("cannot fetch NAME"),
 * retryably; a finished fetch leaves a sidecar with the snapshot's digest and revision.
 */
class FetchFailureTest {

  @TempDir Path root;

  @Test
  void aDownloadThatFailsIsARetryableCannotFetch() throws Exception {
    StoreActivitiesImpl store = storeWith("lab-1.db.enc");
    // where the download goes is taken by a folder with something in it: the copy fails
    Path blocked = root.resolve("restore/.lab-1.db.download");
    Files.createDirectories(blocked.resolve("taken"));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                store.fetch(
                    new StoreActivities.FetchRequest(
                        "/offsite", null, null, "lab-1.db.enc", "/restore/lab-1.db"),
                    null));

    assertThat(failure.getOriginalMessage()).startsWith("cannot fetch lab-1.db.enc: ");
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(root.resolve("restore/lab-1.db")).doesNotExist();
    assertThat(DigestSidecar.of(root.resolve("restore/lab-1.db"))).doesNotExist();
  }

  private StoreActivitiesImpl storeWith(String name) throws Exception {
    Path keyset = root.resolve("keyset.json");
    SnapshotKeys.create(keyset);
    Path offsite = Files.createDirectories(root.resolve("offsite"));
    Files.writeString(offsite.resolve(name), "ciphertext");
    Files.writeString(
        offsite.resolve(name + ".meta.json"),
        new com.fasterxml.jackson.databind.ObjectMapper()
            .writeValueAsString(
                Map.of(
                    StoredSnapshot.SHA256, "ab".repeat(32),
                    StoredSnapshot.CREATED, "2026-12-04T00:00:00Z",
                    StoredSnapshot.REVISION, "42")));
    AgentPaths paths = new AgentPaths(root);
    return new StoreActivitiesImpl(
        paths, new SnapshotStores(paths, keyset, null), Clock.systemUTC());
  }
}
