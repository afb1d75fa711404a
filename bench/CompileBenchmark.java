import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.etcddr.runbook.compile.RunbookCompiler;
import io.etcddr.runbook.library.DirectoryLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Compile time of the whole shipped library, against the raw baseline of only parsing the same
 * YAML with Jackson, measured in the same run. Prints; asserts nothing.
 */
public class CompileBenchmark {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "runbooks");
    List<Path> files = DirectoryLibrary.runbookFiles(dir);
    List<String> texts = files.stream().map(CompileBenchmark::read).toList();
    RunbookCompiler compiler = new RunbookCompiler(new DirectoryLibrary(dir));
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    int warmup = 30;
    int rounds = 100;

    long firstStart = System.nanoTime();
    for (int i = 0; i < files.size(); i++) {
      compiler.compile(files.get(i).toString(), texts.get(i));
    }
    double coldMs = (System.nanoTime() - firstStart) / 1e6;

    for (int r = 0; r < warmup; r++) {
      compileAll(compiler, files, texts);
      parseAll(yaml, texts);
    }
    long compileNs = 0;
    long parseNs = 0;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      compileAll(compiler, files, texts);
      long t1 = System.nanoTime();
      parseAll(yaml, texts);
      long t2 = System.nanoTime();
      compileNs += t1 - t0;
      parseNs += t2 - t1;
    }
    double compileMs = compileNs / 1e6 / rounds;
    double parseMs = parseNs / 1e6 / rounds;
    System.out.printf("library: %d runbooks in %s%n", files.size(), dir);
    System.out.printf("first compile (cold JVM, CEL setup): %.1f ms%n", coldMs);
    System.out.printf("compile whole library (warm, mean of %d): %.2f ms%n", rounds, compileMs);
    System.out.printf("raw YAML parse, Jackson readTree (warm, mean of %d): %.2f ms%n", rounds, parseMs);
    System.out.printf("ratio compile / raw parse: %.1fx%n", compileMs / parseMs);
  }

  static void compileAll(RunbookCompiler compiler, List<Path> files, List<String> texts) {
    for (int i = 0; i < files.size(); i++) {
      if (!compiler.compile(files.get(i).toString(), texts.get(i)).ok()) {
        throw new IllegalStateException(files.get(i) + " does not compile");
      }
    }
  }

  static void parseAll(ObjectMapper yaml, List<String> texts) throws Exception {
    for (String text : texts) {
      yaml.readTree(text);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
