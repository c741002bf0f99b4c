package io.slipway.server.auth;

import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key tokens are signed with now, and the keys tokens are still accepted from: each named by a
 * key id ({@code kid}, the first 8 bytes of the key's SHA-256 in hex, which says nothing of the key
 * itself). Rotation moves the current key among the accepted ones until the tokens it signed have
 * expired, so nobody is logged out (docs/operating.md, "Rotate the JWT key").
 */
public final class SigningKeys {

    private final String currentId;
    private final Map<String, Algorithm> accepted;

    private SigningKeys(String currentId, Map<String, Algorithm> accepted) {
        this.currentId = currentId;
        this.accepted = accepted;
    }

    /** One key, signing and accepted. */
    public static SigningKeys of(byte[] current) {
        return of(current, List.of());
    }

    /**
     * Keys during a rotation: the current one signs, the previous ones still verify.
     *
     * @param current signs new tokens and verifies them
     * @param previous verify the tokens they signed until those expire; none may be {@code current}
     */
    public static SigningKeys of(byte[] current, List<byte[]> previous) {
        Map<String, Algorithm> accepted = new LinkedHashMap<>();
        String currentId = keyId(current);
        accepted.put(currentId, Algorithm.HMAC256(current));
        for (byte[] key : previous) {
            if (accepted.putIfAbsent(keyId(key), Algorithm.HMAC256(key)) != null) {
                throw new IllegalArgumentException(
                        "a previous JWT key repeats the current one or another previous one");
            }
        }
        return new SigningKeys(currentId, Collections.unmodifiableMap(accepted));
    }

    /** {@code auth.previousJwtSecrets} as keys: separated by commas or whitespace, blanks ignored. */
    public static List<byte[]> parseList(String keys) {
        List<byte[]> parsed = new ArrayList<>();
        for (String key : keys.split("[,\\s]+", -1)) {
            if (!key.isEmpty()) {
                parsed.add(key.getBytes(StandardCharsets.UTF_8));
            }
        }
        return parsed;
    }

    public String currentId() {
        return currentId;
    }

    Algorithm current() {
        return accepted.get(currentId);
    }

    /** The ids of every accepted key, the current one first. */
    public List<String> acceptedIds() {
        return List.copyOf(accepted.keySet());
    }

    /** Every accepted key by its id, the current one first. */
    Map<String, Algorithm> accepted() {
        return accepted;
    }

    static String keyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
