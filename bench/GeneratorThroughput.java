import io.slipway.gitops.Generator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * In one JVM: render + validate APPS apps x 3 environments and write each folder, then print
 * folders per second. Each app gets its own environments folder (base.yaml with app.name changed).
 * Usage: java -cp gitops-generator.jar bench/GeneratorThroughput.java ENVIRONMENTS_DIR OUT_DIR APPS
 */
public class GeneratorThroughput {
    public static void main(String[] args) throws Exception {
        Path environments = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int apps = Integer.parseInt(args[2]);
        String image = "registry.cn-hangzhou.aliyuncs.com/slipway/server@sha256:" + "0123456789abcdef".repeat(4);
        List<String> envs = List.of("dev", "staging", "production");
        String base = Files.readString(environments.resolve("base.yaml"));
        Path valuesRoot = Files.createDirectories(out.resolve("values"));
        for (int app = 0; app < apps; app++) {
            Path dir = Files.createDirectories(valuesRoot.resolve("app" + app));
            Files.writeString(dir.resolve("base.yaml"), base.replace("  name: slipway\n", "  name: app" + app + "\n"));
            for (String env : envs) {
                Files.copy(environments.resolve(env + ".yaml"), dir.resolve(env + ".yaml"));
            }
        }
        // Warm-up pass, not timed: the JIT and class loading are the CLI figure's business.
        render(valuesRoot, Math.min(apps, 50), envs, image);
        long start = System.nanoTime();
        List<Generator.Release> releases = render(valuesRoot, apps, envs, image);
        double seconds = (System.nanoTime() - start) / 1e9;
        long parallelStart = System.nanoTime();
        long parallel = java.util.stream.IntStream.range(0, apps).parallel().mapToLong(app -> {
            try {
                return render(valuesRoot.resolve("app" + app), envs, image).size();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).sum();
        double parallelSeconds = (System.nanoTime() - parallelStart) / 1e9;
        System.out.printf("parallel_folders=%d threads=%d seconds=%.2f folders_per_second=%.0f%n", parallel,
                java.util.concurrent.ForkJoinPool.commonPool().getParallelism() + 1, parallelSeconds, parallel / parallelSeconds);
        long writeStart = System.nanoTime();
        for (Generator.Release release : releases) {
            Path folder = Files.createDirectories(out.resolve("apps").resolve(release.values().appName())
                    .resolve(release.values().environment()));
            for (var file : release.manifests().files().entrySet()) {
                Files.writeString(folder.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
        }
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
        System.out.printf("folders=%d seconds=%.2f folders_per_second=%.0f (writing them to disk: %.2f s more, %.0f folders/s overall)%n",
                releases.size(), seconds, releases.size() / seconds, writeSeconds, releases.size() / (seconds + writeSeconds));
    }

    /** Loads values, renders and validates every app and environment, in memory, one after the other. */
    static List<Generator.Release> render(Path valuesRoot, int apps, List<String> envs, String image) throws Exception {
        List<Generator.Release> releases = new java.util.ArrayList<>();
        for (int app = 0; app < apps; app++) {
            releases.addAll(render(valuesRoot.resolve("app" + app), envs, image));
        }
        return releases;
    }

    static List<Generator.Release> render(Path environments, List<String> envs, String image) throws Exception {
        Generator generator = new Generator(environments);
        List<Generator.Release> releases = new java.util.ArrayList<>();
        for (String env : envs) {
            releases.add(generator.render(env, image, "4f2c1e9a7b3d5f60718293a4b5c6d7e8f9012345"));
        }
        return releases;
    }
}
