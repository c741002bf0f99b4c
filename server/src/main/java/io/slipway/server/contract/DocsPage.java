package io.slipway.server.contract;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /docs}: Swagger UI on {@code /openapi.json}, like FastAPI's page, served from the
 * swagger-ui webjar in the jar, so it works with no network beyond the server. Only the files the
 * page needs are served, under a content security policy that allows nothing from elsewhere.
 */
public final class DocsPage extends HttpServlet {

    public static final String PATH = "/docs";

    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final String OWN = "io/slipway/server/contract/docs/";
    // Swagger UI sets inline styles (React); scripts only from this server.
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private record Asset(String resource, String type) {}

    private final Map<String, Asset> assets;
    /** Each file read from the jar once, at its first request (the bundle is 1.7 MB). */
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    public DocsPage() {
        String version = webjarVersion();
        this.assets = Map.of(
                "/", new Asset(OWN + "index.html", "text/html;charset=utf-8"),
                "/initializer.js", new Asset(OWN + "initializer.js", "text/javascript;charset=utf-8"),
                "/swagger-ui-bundle.js",
                        new Asset(WEBJAR + version + "/swagger-ui-bundle.js", "text/javascript;charset=utf-8"),
                "/swagger-ui.css", new Asset(WEBJAR + version + "/swagger-ui.css", "text/css;charset=utf-8"),
                "/favicon-32x32.png", new Asset(WEBJAR + version + "/favicon-32x32.png", "image/png"));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Objects.requireNonNullElse(request.getPathInfo(), "/");
        Asset asset = assets.get(path);
        if (asset == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        byte[] bytes = loaded.computeIfAbsent(asset.resource(), DocsPage::read);
        response.setContentType(asset.type());
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", path.equals("/") ? "no-cache" : "public, max-age=3600");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static byte[] read(String resource) {
        try (InputStream in = DocsPage.class.getClassLoader().getResourceAsStream(resource)) {
            return Objects.requireNonNull(in, resource).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webjarVersion() {
        Properties pom = new Properties();
        try (InputStream in = DocsPage.class
                .getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            pom.load(Objects.requireNonNull(in, "the swagger-ui webjar is not on the class path"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }
}
