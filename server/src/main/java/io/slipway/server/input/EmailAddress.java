package io.slipway.server.input;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one form in which an email is stored, compared and looked up, so that one mailbox is one
 * account. From what the client sent:
 * <ol>
 *   <li>surrounding whitespace is removed; any other space, control, invisible (format) or line
 *       separator character refuses the address;</li>
 *   <li>Unicode NFKC, so compatibility forms (fullwidth letters, ligatures) become their plain
 *       letters;</li>
 *   <li>the local part is lower-cased (locale-independent) and must be a dot-atom: letters, digits
 *       and RFC 5322's symbols, single dots between them, at most 64 UTF-8 bytes;</li>
 *   <li>the domain goes through IDNA ({@link IDN#toASCII} with STD3 rules: nameprep's case folding
 *       and mapping), must be a host name with at least two labels and a non-numeric top label, and
 *       is stored in its canonical Unicode form;</li>
 *   <li>the result is at most 320 characters.</li>
 * </ol>
 */
public final class EmailAddress {

    private static final Pattern DOT_ATOM =
            Pattern.compile("^[\\p{L}\\p{M}\\p{N}!#$%&'*+/=?^_`{|}~-]+(\\.[\\p{L}\\p{M}\\p{N}!#$%&'*+/=?^_`{|}~-]+)*$");
    private static final Pattern HOST_NAME =
            Pattern.compile("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]*[a-z][a-z0-9-]*$");
    private static final int MAX_LOCAL_BYTES = 64;
    private static final int MAX_DOMAIN_CHARS = 253;
    static final int MAX_LENGTH = 320;

    private EmailAddress() {}

    /** The normalised address, or why {@code raw} is not one. */
    public record Parsed(Optional<String> normalised, Optional<String> problem) {
        static Parsed valid(String address) {
            return new Parsed(Optional.of(address), Optional.empty());
        }

        static Parsed invalid(String problem) {
            return new Parsed(Optional.empty(), Optional.of(problem));
        }
    }

    public static Parsed parse(String raw) {
        String stripped = raw.strip();
        if (stripped.isEmpty()) {
            return Parsed.invalid("must not be blank");
        }
        if (stripped.codePoints().anyMatch(EmailAddress::isHiddenOrSpace)) {
            return Parsed.invalid("must not contain spaces, control or invisible characters");
        }
        String nfkc = Normalizer.normalize(stripped, Normalizer.Form.NFKC);
        int at = nfkc.lastIndexOf('@');
        if (at <= 0 || at == nfkc.length() - 1 || nfkc.indexOf('@') != at) {
            return Parsed.invalid("must be a local part, one @ and a domain, like ann@example.com");
        }
        String local = nfkc.substring(0, at).toLowerCase(Locale.ROOT);
        if (!DOT_ATOM.matcher(local).matches()) {
            return Parsed.invalid(
                    "the part before @ must be letters, digits or RFC 5322 symbols with single dots between them");
        }
        if (local.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_BYTES) {
            return Parsed.invalid("the part before @ must be at most " + MAX_LOCAL_BYTES + " bytes");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(nfkc.substring(at + 1), IDN.USE_STD3_ASCII_RULES)
                    .toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Parsed.invalid("the domain is not a valid internationalised domain name");
        }
        if (ascii.length() > MAX_DOMAIN_CHARS || !HOST_NAME.matcher(ascii).matches()) {
            return Parsed.invalid("the domain must be a host name such as example.com");
        }
        String address = local + "@" + IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES);
        if (address.length() > MAX_LENGTH) {
            return Parsed.invalid("must be at most " + MAX_LENGTH + " characters once normalised");
        }
        return Parsed.valid(address);
    }

    /** The normalised form of an address {@link #parse} accepts; the stripped, lower-cased input otherwise. */
    public static String normaliseOrKeep(String raw) {
        return parse(raw).normalised().orElseGet(() -> raw.strip().toLowerCase(Locale.ROOT));
    }

    private static boolean isHiddenOrSpace(int codePoint) {
        return Character.isWhitespace(codePoint)
                || Character.isSpaceChar(codePoint)
                || switch (Character.getType(codePoint)) {
                    case Character.CONTROL,
                            Character.FORMAT,
                            Character.SURROGATE,
                            Character.PRIVATE_USE,
                            Character.UNASSIGNED -> true;
                    default -> false;
                };
    }
}
