package io.slipway.gitops.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A real git server for tests: the machine's {@code git http-backend} (smart HTTP, CGI) behind the
 * JDK's HTTP server, with Basic authentication, so pushes, push options, server-side hooks and
 * refused credentials behave as on GitLab.
 */
public final class GitHttpServer implements AutoCloseable {

    public static final String USER = "ci";
    public static final String TOKEN = "s3cret-token-value";

    private final List<String> fetches = Collections.synchronizedList(new ArrayList<>());
    private volatile Predicate<String> stalled = request -> false;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Path root;
    private final HttpServer server;

    private GitHttpServer(Path root, HttpServer server) {
        this.root = root;
        this.server = server;
    }

    public static GitHttpServer start(Path root) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            GitHttpServer git = new GitHttpServer(root, server);
            server.createContext("/", git::handle);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return git;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates a bare repository; with push options advertised unless told otherwise, and partial
     * fetches allowed (filters, objects by id), as GitLab serves them.
     */
    public String createRepository(String name, boolean pushOptions) {
        Path repository = root.resolve(name);
        git(root, "init", "-q", "--bare", "-b", "main", repository.toString());
        git(repository, "config", "http.receivepack", "true");
        git(repository, "config", "receive.advertisePushOptions", Boolean.toString(pushOptions));
        git(repository, "config", "uploadpack.allowFilter", "true");
        return url(name);
    }

    /**
     * From now on, a request whose path and body ({@code POST /config.git/git-receive-pack\n<body>})
     * match is read and then never answered, as from a server that hangs mid-conversation.
     */
    public void stall(Predicate<String> request) {
        stalled = request;
    }

    /** The bodies of the fetch requests (upload-pack) so far, each prefixed by its path and a newline. */
    public List<String> fetchRequests() {
        return List.copyOf(fetches);
    }

    public String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    public Path path(String name) {
        return root.resolve(name);
    }

    /** Installs a hook script (e.g. pre-receive) in a repository. */
    public void hook(String repository, String hook, String script) {
        try {
            Path file = root.resolve(repository).resolve("hooks").resolve(hook);
            Files.writeString(file, "#!/bin/sh\n" + script);
            file.toFile().setExecutable(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the machine's git and returns its stdout; fails the test on a non-zero exit. */
    public static String git(Path directory, String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("git", "-c", "safe.directory=*"));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new AssertionError("git " + String.join(" ", args) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            serve(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(HttpExchange exchange) throws IOException, InterruptedException {
        try (exchange) {
            String expected = "Basic "
                    + Base64.getEncoder().encodeToString((USER + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
            Map<String, String> env = cgi.environment();
            env.put("GIT_PROJECT_ROOT", root.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("REMOTE_USER", USER);
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("PATH_INFO", exchange.getRequestURI().getPath());
            env.put(
                    "QUERY_STRING",
                    exchange.getRequestURI().getRawQuery() == null
                            ? ""
                            : exchange.getRequestURI().getRawQuery());
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            env.put("CONTENT_TYPE", contentType == null ? "" : contentType);
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            if (encoding != null) {
                env.put("HTTP_CONTENT_ENCODING", encoding);
            }
            String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
            if (protocol != null) {
                env.put("GIT_PROTOCOL", protocol);
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            env.put("CONTENT_LENGTH", Integer.toString(body.length));
            byte[] plain =
                    "gzip".equals(encoding) ? new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes() : body;
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/git-upload-pack")) {
                fetches.add(path + "\n" + new String(plain, StandardCharsets.ISO_8859_1));
            }
            if (stalled.test(
                    exchange.getRequestMethod() + " " + path + "\n" + new String(plain, StandardCharsets.ISO_8859_1))) {
                closed.await(2, TimeUnit.MINUTES); // says nothing until the server closes
                return;
            }
            Process process = cgi.start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(body);
            }
            byte[] output = process.getInputStream().readAllBytes();
            process.getErrorStream().transferTo(OutputStream.nullOutputStream());
            respond(exchange, output);
        }
    }

    private static void respond(HttpExchange exchange, byte[] cgiOutput) throws IOException {
        int split = indexOf(cgiOutput, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        int skip = 4;
        if (split < 0) {
            split = indexOf(cgiOutput, "\n\n".getBytes(StandardCharsets.ISO_8859_1));
            skip = 2;
        }
        String headers = new String(cgiOutput, 0, Math.max(split, 0), StandardCharsets.ISO_8859_1);
        int status = 200;
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.substring(0, 3));
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        byte[] body = Arrays.copyOfRange(cgiOutput, split < 0 ? 0 : split + skip, cgiOutput.length);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }

    /** Commits every change in a clone and pushes it to main, as a hand edit would. */
    public static void pushByHand(Path clone, String message) {
        git(clone, "add", "-A");
        git(clone, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", message);
        git(clone, "push", "-q", "origin", "main");
    }
}
