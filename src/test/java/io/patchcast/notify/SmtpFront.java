package io.patchcast.notify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A relaying SMTP front in front of GreenMail, the way an MTA sits in front of mailboxes: it accepts a message from
 * the app and hands it to GreenMail before answering 250. Its switches produce the faults a real relay shows:
 * recipients refused with 550, temporary refusal with 451, the connection dropped in the middle of DATA, refused
 * connections (stopped), and 451 when GreenMail behind it is down.
 */
final class SmtpFront implements AutoCloseable {

    private final int port;
    private final int upstreamPort;
    private volatile ServerSocket server;
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean tempFail = new AtomicBoolean();
    private final AtomicInteger dropsInData = new AtomicInteger();
    private final List<Socket> open = new ArrayList<>();
    private final AtomicInteger generation = new AtomicInteger();

    SmtpFront(int port, int upstreamPort) {
        this.port = port;
        this.upstreamPort = upstreamPort;
    }

    synchronized SmtpFront start() throws IOException {
        if (server != null) {
            return this;
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        server = s;
        Thread t = new Thread(() -> acceptLoop(s), "smtp-front-" + port);
        t.setDaemon(true);
        t.start();
        return this;
    }

    /**
     * Shuts down as an MTA does: the listener closes (new connections are refused until {@link #start}), open
     * connections finish the message they are in and answer 421 to their next command. Cutting a connection between
     * accepting a message and saying so would be the one case SMTP cannot resolve (RFC 1047), so it is not done here.
     */
    synchronized void stop() throws IOException {
        generation.incrementAndGet();
        if (server != null) {
            server.close();
            server = null;
        }
    }

    void reset() {
        rejected.clear();
        tempFail.set(false);
        dropsInData.set(0);
    }

    void reject(String address) {
        rejected.add(address.toLowerCase(Locale.ROOT));
    }

    void temporaryFailure(boolean on) {
        tempFail.set(on);
    }

    void dropNextInData(int count) {
        dropsInData.set(count);
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                c.setTcpNoDelay(true); // replies are small writes; Nagle would hold each one back for the peer's ACK
                synchronized (open) {
                    open.add(c);
                }
                Thread t = new Thread(() -> serve(c), "smtp-front-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket c) {
        int born = generation.get();
        try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
            reply(out, "220 front.test ESMTP");
            String from = null;
            List<String> rcpts = new ArrayList<>();
            String line;
            while ((line = readLine(in)) != null) {
                String upper = line.toUpperCase(Locale.ROOT);
                if (Boolean.getBoolean("smtpfront.debug")) {
                    System.err.println("FRONT[" + c.getPort() + "] <- " + line);
                }
                if (born != generation.get()) {
                    reply(out, "421 4.3.2 Service shutting down, closing transmission channel");
                    return;
                }
                if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                    reply(out, "250-front.test\r\n250 8BITMIME");
                } else if (upper.startsWith("MAIL FROM:")) {
                    if (tempFail.get()) {
                        reply(out, "451 4.3.0 Temporary local problem, try again later");
                    } else {
                        from = line.substring(10).trim();
                        rcpts.clear();
                        reply(out, "250 2.1.0 OK");
                    }
                } else if (upper.startsWith("RCPT TO:")) {
                    String rcpt = line.substring(8).trim();
                    String bare = rcpt.replaceAll("[<>]", "").toLowerCase(Locale.ROOT);
                    if (rejected.contains(bare)) {
                        reply(out, "550 5.1.1 <" + bare + ">: Recipient address rejected: User unknown");
                    } else {
                        rcpts.add(rcpt);
                        reply(out, "250 2.1.5 OK");
                    }
                } else if (upper.equals("DATA")) {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    boolean drop = dropsInData.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
                    ByteArrayOutputStream data = new ByteArrayOutputStream();
                    int lines = 0;
                    String d;
                    while ((d = readLine(in)) != null && !d.equals(".")) {
                        data.writeBytes((d + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        if (drop && ++lines == 5) {
                            c.setSoLinger(true, 0); // reset, as a crashed relay or a cut network would
                            return;
                        }
                    }
                    if (d == null) {
                        return;
                    }
                    reply(out, relay(from, rcpts, data.toByteArray()) ? "250 2.0.0 Ok: queued" : "451 4.4.1 Mailbox server not reachable");
                    rcpts.clear();
                } else if (upper.startsWith("RSET")) {
                    rcpts.clear();
                    reply(out, "250 2.0.0 OK");
                } else if (upper.startsWith("NOOP")) {
                    reply(out, "250 2.0.0 OK");
                } else if (upper.startsWith("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "502 5.5.2 Command not recognized");
                }
            }
        } catch (IOException e) {
            // connection closed by the client or by stop()
        } finally {
            synchronized (open) {
                open.remove(c);
            }
        }
    }

    /** Hands the message, still dot-stuffed as received, to GreenMail. */
    private boolean relay(String from, List<String> rcpts, byte[] data) {
        try (Socket up = new Socket("127.0.0.1", upstreamPort); InputStream in = up.getInputStream();
                OutputStream out = up.getOutputStream()) {
            up.setSoTimeout(10_000);
            up.setTcpNoDelay(true);
            expect(in, "220");
            command(out, in, "EHLO front.test", "250");
            command(out, in, "MAIL FROM:" + from, "250");
            for (String r : rcpts) {
                command(out, in, "RCPT TO:" + r, "250");
            }
            command(out, in, "DATA", "354");
            out.write(data);
            command(out, in, ".", "250");
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void command(OutputStream out, InputStream in, String cmd, String expected) throws IOException {
        out.write((cmd + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        expect(in, expected);
    }

    private static void expect(InputStream in, String code) throws IOException {
        String line;
        do {
            line = readLine(in);
            if (line == null) {
                throw new SocketException("upstream closed");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(code)) {
            throw new IOException("upstream said " + line);
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        if (Boolean.getBoolean("smtpfront.debug")) {
            System.err.println("FRONT -> " + text);
        }
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int ch;
        while ((ch = in.read()) != -1) {
            if (ch == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(ch);
        }
        return null;
    }
}
