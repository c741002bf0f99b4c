package io.slipway.gitops.signing;

import java.util.Optional;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * Answers JGit's passphrase prompts (OpenPGP and SSH signers alike) with the passphrase from the
 * environment, and declines when there is none, so an encrypted key without a passphrase fails
 * instead of waiting for a terminal.
 */
final class KeyPassphrase extends CredentialsProvider {

    private final Optional<char[]> passphrase;

    KeyPassphrase(Optional<String> passphrase) {
        this.passphrase = passphrase.map(String::toCharArray);
    }

    boolean isSet() {
        return passphrase.isPresent();
    }

    /** The passphrase; only where {@link #isSet()}. */
    char[] value() {
        return passphrase.orElseThrow().clone();
    }

    @Override
    public boolean isInteractive() {
        return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
        for (CredentialItem item : items) {
            if (!(item instanceof CredentialItem.CharArrayType
                    || item instanceof CredentialItem.InformationalMessage
                    || item instanceof CredentialItem.YesNoType)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        for (CredentialItem item : items) {
            if (item instanceof CredentialItem.CharArrayType secret) {
                if (passphrase.isEmpty()) {
                    return false;
                }
                secret.setValue(passphrase.get());
            } else if (item instanceof CredentialItem.YesNoType question) {
                question.setValue(false); // "try again?": the passphrase will not change
            } else if (!(item instanceof CredentialItem.InformationalMessage)) {
                throw new UnsupportedCredentialItem(uri, item.getPromptText());
            }
        }
        return true;
    }
}
