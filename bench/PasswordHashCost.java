import io.slipway.server.auth.PasswordHasher;

/** Prints the median milliseconds of one Argon2id hash at the server's settings (after warm-up). */
public class PasswordHashCost {
    public static void main(String[] args) {
        PasswordHasher hasher = new PasswordHasher();
        for (int i = 0; i < 20; i++) {
            hasher.hash("warm up the JIT " + i);
        }
        long[] samples = new long[40];
        for (int i = 0; i < samples.length; i++) {
            long start = System.nanoTime();
            hasher.hash("bench password " + i);
            samples[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(samples);
        System.out.printf("%.1f%n", samples[samples.length / 2] / 1e6);
    }
}
