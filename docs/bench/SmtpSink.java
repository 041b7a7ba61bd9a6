import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal SMTP server that accepts every message and counts them: the receiving end of the notice benchmark.
 * Run with {@code java docs/bench/SmtpSink.java PORT COUNT_FILE}; it writes the number of accepted messages to
 * COUNT_FILE every 200 ms and runs until killed.
 */
public class SmtpSink {
    static final AtomicLong accepted = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        java.nio.file.Path countFile = java.nio.file.Path.of(args[1]);
        Thread writer = new Thread(() -> {
            while (true) {
                try {
                    java.nio.file.Files.writeString(countFile, accepted.get() + "\n");
                    Thread.sleep(200);
                } catch (Exception e) {
                    return;
                }
            }
        });
        writer.setDaemon(true);
        writer.start();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", port));
            while (true) {
                Socket c = server.accept();
                c.setTcpNoDelay(true); // replies are small writes; Nagle would hold each one back for the peer's ACK
                Thread t = new Thread(() -> serve(c));
                t.setDaemon(true);
                t.start();
            }
        }
    }

    static void serve(Socket c) {
        try (c; BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = c.getOutputStream()) {
            say(out, "220 sink ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String u = line.toUpperCase();
                if (u.startsWith("EHLO")) {
                    say(out, "250-sink\r\n250-PIPELINING\r\n250 8BITMIME");
                } else if (u.equals("DATA")) {
                    say(out, "354 go ahead");
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        // discard the message
                    }
                    accepted.incrementAndGet();
                    say(out, "250 2.0.0 accepted");
                } else if (u.startsWith("QUIT")) {
                    say(out, "221 bye");
                    return;
                } else {
                    say(out, "250 OK");
                }
            }
        } catch (Exception e) {
            // client went away
        }
    }

    static void say(OutputStream out, String s) throws java.io.IOException {
        out.write((s + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
