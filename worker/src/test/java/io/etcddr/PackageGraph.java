package io.etcddr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of our packages uses which, read from the sources: imports and fully qualified names of our
 * classes ({@code io.etcddr.x.y.Type}). The package of a name is what comes before its first
 * capitalised part.
 */
final class PackageGraph {

  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  private static final Pattern OURS = Pattern.compile("\\bio\\.etcddr(?:\\.[a-z]\\w*)*\\.[A-Z]");

  private final Map<String, Set<String>> uses = new TreeMap<>();

  private PackageGraph() {}

  static PackageGraph of(List<Path> sources) throws IOException {
    PackageGraph graph = new PackageGraph();
    for (Path source : sources) {
      String text = Files.readString(source);
      Matcher own = PACKAGE.matcher(text);
      if (!own.find()) {
        continue;
      }
      String from = own.group(1);
      Set<String> used = graph.uses.computeIfAbsent(from, p -> new TreeSet<>());
      Matcher name = OURS.matcher(text.substring(own.end()));
      while (name.find()) {
        String qualified = name.group();
        String to = qualified.substring(0, qualified.length() - 2); // drop ".X"
        if (!to.equals(from)) {
          used.add(to);
        }
      }
    }
    return graph;
  }

  Set<String> packages() {
    return uses.keySet();
  }

  /** The packages that use {@code target} directly. */
  Set<String> dependentsOf(String target) {
    Set<String> dependents = new TreeSet<>();
    uses.forEach(
        (from, to) -> {
          if (to.contains(target)) {
            dependents.add(from);
          }
        });
    return dependents;
  }

  /** Every set of packages that reach each other (strongly connected, more than one package). */
  List<Set<String>> cycles() {
    return new Tarjan().run();
  }

  /** Tarjan's strongly connected components, recursive: a few hundred packages deep at most. */
  private final class Tarjan {
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new TreeSet<>();
    private final List<Set<String>> found = new ArrayList<>();

    List<Set<String>> run() {
      for (String p : uses.keySet()) {
        if (!index.containsKey(p)) {
          visit(p);
        }
      }
      return found;
    }

    private void visit(String p) {
      index.put(p, index.size());
      low.put(p, index.get(p));
      stack.push(p);
      onStack.add(p);
      for (String q : uses.getOrDefault(p, Set.of())) {
        if (!index.containsKey(q)) {
          visit(q);
          low.put(p, Math.min(low.get(p), low.get(q)));
        } else if (onStack.contains(q)) {
          low.put(p, Math.min(low.get(p), index.get(q)));
        }
      }
      if (low.get(p).equals(index.get(p))) {
        Set<String> component = new TreeSet<>();
        String q;
        do {
          q = stack.pop();
          onStack.remove(q);
          component.add(q);
        } while (!q.equals(p));
        if (component.size() > 1) {
          found.add(component);
        }
      }
    }
  }
}
