package io.etcddr.runbook.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.etcddr.runbook.diagnostics.DiagnosticCode;
import io.etcddr.runbook.diagnostics.Diagnostics;
import io.etcddr.runbook.diagnostics.SourceSpan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads YAML text into a {@link YamlNode} tree with positions. Never throws: malformed, empty,
 * oversized or absurdly nested input becomes a positioned diagnostic.
 */
public final class YamlTreeReader {

  /** Runbooks are a few kilobytes; anything near this is a mistake, not a runbook. */
  public static final int MAX_BYTES = 1 << 20;

  /** Deep enough for any runbook, shallow enough that recursion cannot exhaust the stack. */
  public static final int MAX_DEPTH = 64;

  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  private final String file;
  private final Diagnostics diagnostics;

  public YamlTreeReader(String file, Diagnostics diagnostics) {
    this.file = file;
    this.diagnostics = diagnostics;
  }

  /** The document's root node, or empty when it could not be read (diagnostics say why). */
  public Optional<YamlNode> read(String text) {
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      diagnostics.error(
          SourceSpan.startOf(file),
          DiagnosticCode.FILE_TOO_LARGE,
          "file is " + bytes + " bytes; a runbook may be at most " + MAX_BYTES + " bytes",
          "split it into smaller runbooks and call them with `runbook:` steps");
      return Optional.empty();
    }
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        diagnostics.error(
            SourceSpan.startOf(file),
            DiagnosticCode.EMPTY_FILE,
            "file holds no YAML document",
            "start with `apiVersion: etcd-dr/v1` and `kind: Runbook`");
        return Optional.empty();
      }
      YamlNode root = node(parser, 1);
      if (parser.nextToken() != null) {
        diagnostics.error(
            span(parser.currentTokenLocation()),
            DiagnosticCode.MULTIPLE_DOCUMENTS,
            "file holds more than one YAML document",
            "keep one runbook per file; remove the `---` separator and what follows");
        return Optional.empty();
      }
      return Optional.of(root);
    } catch (TooDeep e) {
      diagnostics.error(
          e.at,
          DiagnosticCode.TOO_DEEP,
          "nesting deeper than " + MAX_DEPTH + " levels",
          "runbooks are shallow; look for a runaway list or mapping");
      return Optional.empty();
    } catch (JsonProcessingException e) {
      SourceSpan at = problemMark(e);
      diagnostics.error(
          at,
          DiagnosticCode.YAML_SYNTAX,
          "YAML syntax: " + problemOnly(e.getOriginalMessage()),
          "fix the YAML at this position (indentation, quotes, `:` after keys)");
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      // SnakeYAML reports some malformed input with unchecked exceptions; still a syntax error.
      diagnostics.error(
          SourceSpan.startOf(file),
          DiagnosticCode.YAML_SYNTAX,
          "YAML could not be read: " + oneLine(String.valueOf(e.getMessage())),
          "check that the file is UTF-8 YAML");
      return Optional.empty();
    }
  }

  private YamlNode node(JsonParser parser, int depth) throws IOException {
    SourceSpan at = span(parser.currentTokenLocation());
    if (depth > MAX_DEPTH) {
      throw new TooDeep(at);
    }
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        return mapping(parser, depth, at);
      case START_ARRAY:
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(node(parser, depth + 1));
        }
        return new YamlNode.Sequence(items, at);
      case VALUE_STRING:
        return new YamlNode.Scalar(parser.getText(), parser.getText(), at);
      case VALUE_NUMBER_INT:
        return new YamlNode.Scalar(integer(parser), parser.getText(), at);
      case VALUE_NUMBER_FLOAT:
        return new YamlNode.Scalar(parser.getDoubleValue(), parser.getText(), at);
      case VALUE_TRUE:
        return new YamlNode.Scalar(Boolean.TRUE, parser.getText(), at);
      case VALUE_FALSE:
        return new YamlNode.Scalar(Boolean.FALSE, parser.getText(), at);
      case VALUE_NULL:
        return new YamlNode.Scalar(null, parser.getText(), at);
      default:
        // Binary and embedded objects have no place in a runbook; show their text.
        return new YamlNode.Scalar(parser.getText(), parser.getText(), at);
    }
  }

  private YamlNode mapping(JsonParser parser, int depth, SourceSpan at) throws IOException {
    List<YamlNode.Entry> entries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      YamlNode.Key key =
          new YamlNode.Key(parser.currentName(), span(parser.currentTokenLocation()));
      parser.nextToken();
      YamlNode value = node(parser, depth + 1);
      if (!seen.add(key.name())) {
        diagnostics.error(
            key.span(),
            DiagnosticCode.DUPLICATE_KEY,
            "key `" + key.name() + "` appears twice in this mapping",
            "keep one; YAML would silently use the last");
        continue;
      }
      entries.add(new YamlNode.Entry(key, value));
    }
    return new YamlNode.Mapping(entries, at);
  }

  private static Object integer(JsonParser parser) throws IOException {
    return switch (parser.getNumberType()) {
      case INT, LONG -> parser.getLongValue();
      default -> parser.getDoubleValue(); // too big for a long: keep it as a number anyway
    };
  }

  /** SnakeYAML's problem mark is where the fault is; Jackson's location can be the context's. */
  private SourceSpan problemMark(JsonProcessingException e) {
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked
        && marked.getProblemMark() != null) {
      return new SourceSpan(
          file, marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1);
    }
    JsonLocation location = e.getLocation();
    return location == null ? SourceSpan.startOf(file) : span(location);
  }

  private SourceSpan span(JsonLocation location) {
    return new SourceSpan(
        file, Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
  }

  /**
   * SnakeYAML's message repeats the source with a caret under it and names the reader; keep the
   * sentences that say what is wrong, since the diagnostic already points at the place.
   */
  private static String problemOnly(String message) {
    if (message == null) {
      return "";
    }
    List<String> sentences = new ArrayList<>();
    for (String line : message.split("\\R")) {
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("^")) {
        sentences.add(line.trim());
      }
    }
    return sentences.isEmpty() ? oneLine(message) : String.join("; ", sentences);
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s+", " ").trim();
  }

  private static final class TooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient SourceSpan at;

    TooDeep(SourceSpan at) {
      super(null, null, false, false);
      this.at = at;
    }
  }
}
