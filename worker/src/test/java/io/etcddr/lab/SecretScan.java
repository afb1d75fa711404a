package io.etcddr.lab;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Looks for key material where none may be: every private key of the lab (the CA key, each node's
 * member keys, the worker's client key) as PEM, as DER bytes and as base64 (whole and line by
 * line), and any PEM private-key header, in every workflow history the server holds (raw events)
 * and every log file of every process. Says where each hit is, never the secret itself.
 */
final class SecretScan {

  private final Map<String, String> needles = new LinkedHashMap<>();

  /**
   * Every private key file (`*-key.pem`) under the lab's folder. Base64 lines that a certificate of
   * the lab also has (an RSA key's modulus is public) are not secrets and are left out.
   */
  static SecretScan ofLab(Path labDir) throws IOException {
    SecretScan scan = new SecretScan();
    scan.needles.put("a PEM private key header", "PRIVATE KEY-----");
    List<Path> pems;
    try (Stream<Path> files = Files.walk(labDir)) {
      pems = files.filter(p -> p.getFileName().toString().endsWith(".pem")).toList();
    }
    java.util.Set<String> public_ = new java.util.HashSet<>();
    for (Path pem : pems) {
      if (!pem.getFileName().toString().endsWith("-key.pem")) {
        public_.addAll(bodyLines(Files.readString(pem)));
      }
    }
    for (Path key : pems) {
      if (key.getFileName().toString().endsWith("-key.pem")) {
        scan.addKey(labDir.relativize(key).toString(), Files.readString(key), public_);
      }
    }
    return scan;
  }

  int needles() {
    return needles.size();
  }

  private void addKey(String name, String pem, java.util.Set<String> public_) throws IOException {
    List<String> secret =
        bodyLines(pem).stream().filter(l -> l.length() >= 32 && !public_.contains(l)).toList();
    for (int i : new int[] {0, secret.size() / 2, secret.size() - 1}) {
      needles.put(name + " (base64 line " + i + ")", secret.get(i));
    }
    needles.put(
        name + " (its secret as bytes)", new String(secretBytes(pem), StandardCharsets.ISO_8859_1));
  }

  /** The private exponent of an RSA key, the private scalar of an EC key. */
  private static byte[] secretBytes(String pem) throws IOException {
    try (var parser = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pem))) {
      Object parsed = parser.readObject();
      var converter = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter();
      java.security.PrivateKey key =
          parsed instanceof org.bouncycastle.openssl.PEMKeyPair pair
              ? converter.getKeyPair(pair).getPrivate()
              : converter.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) parsed);
      java.math.BigInteger secret =
          key instanceof java.security.interfaces.RSAPrivateKey rsa
              ? rsa.getPrivateExponent()
              : ((java.security.interfaces.ECPrivateKey) key).getS();
      return secret.toByteArray();
    }
  }

  private static List<String> bodyLines(String pem) {
    List<String> lines = new ArrayList<>();
    for (String line : pem.split("\n")) {
      if (!line.startsWith("-----") && !line.isBlank()) {
        lines.add(line.strip());
      }
    }
    return lines;
  }

  /** Hits in the raw history of every workflow run the server lists, open or closed. */
  List<String> inHistories(WorkflowServiceStubs service, String namespace) {
    List<String> hits = new ArrayList<>();
    for (WorkflowExecution execution : executions(service, namespace)) {
      byte[] history =
          service
              .blockingStub()
              .getWorkflowExecutionHistory(
                  GetWorkflowExecutionHistoryRequest.newBuilder()
                      .setNamespace(namespace)
                      .setExecution(execution)
                      .build())
              .getHistory()
              .toByteArray();
      hits.addAll(in("history of " + execution.getWorkflowId(), history));
    }
    return hits;
  }

  /**
   * Every run on the server: the Java test server lists open and closed ones (it has no
   * ListWorkflowExecutions).
   */
  static List<WorkflowExecution> executions(WorkflowServiceStubs service, String namespace) {
    List<WorkflowExecution> all = new ArrayList<>();
    service
        .blockingStub()
        .listOpenWorkflowExecutions(
            ListOpenWorkflowExecutionsRequest.newBuilder()
                .setNamespace(namespace)
                .setMaximumPageSize(1000)
                .build())
        .getExecutionsList()
        .forEach(e -> all.add(e.getExecution()));
    service
        .blockingStub()
        .listClosedWorkflowExecutions(
            ListClosedWorkflowExecutionsRequest.newBuilder()
                .setNamespace(namespace)
                .setMaximumPageSize(1000)
                .build())
        .getExecutionsList()
        .forEach(e -> all.add(e.getExecution()));
    return all;
  }

  /** Hits in every `*.log` file under {@code dir}. */
  List<String> inLogs(Path dir) throws IOException {
    List<String> hits = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path log : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
        if (Files.isRegularFile(log)) {
          hits.addAll(in(dir.relativize(log).toString(), Files.readAllBytes(log)));
        }
      }
    }
    return hits;
  }

  List<String> in(String where, byte[] bytes) {
    String haystack = new String(bytes, StandardCharsets.ISO_8859_1);
    List<String> hits = new ArrayList<>();
    needles.forEach(
        (what, needle) -> {
          if (haystack.contains(needle)) {
            hits.add(what + " in " + where);
          }
        });
    return hits;
  }
}
