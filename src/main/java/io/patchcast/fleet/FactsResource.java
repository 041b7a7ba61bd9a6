package io.patchcast.fleet;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchcast.common.ProblemException;
import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Node facts as agents post them: one document, or an array of up to 1,000. */
@Path("/api/v1/facts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FactsResource {

    @Inject
    FactsService facts;

    @Inject
    CurrentViewer currentViewer;

    @Inject
    ObjectMapper json;

    @POST
    @RolesAllowed(Role.AGENT)
    @Operation(summary = "Post node facts", description = "One node-facts document or an array of them. A batch is"
            + " all or nothing: if any entry is invalid nothing is stored and errors[].field names each entry, e.g."
            + " [3].provider. Authenticate with Authorization: Bearer <API token>. Version 1 documents stop at"
            + " netDrivers; version 2 (factsVersion: 2) adds the running system's command line, module parameters,"
            + " module lists, interfaces, PCI devices, network renderer, boot mode, packages and cloud metadata, and"
            + " under planned the boot target: the planned kernel's package, modules and initramfs, the command line"
            + " of the next boot and the candidate versions of the tracked packages. Every member may be absent:"
            + " absent means unknown. Field by field: docs/agent/README.md.")
    @RequestBody(required = true, description = "A node-facts document (version 1 or 2), or an array of them",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
                    implementation = io.patchcast.compat.RawFacts.class)))
    @APIResponse(responseCode = "200", description = "Stored; the derived facts and exposure per node")
    @APIResponse(responseCode = "400", description = "Malformed JSON or an empty or oversized batch")
    @APIResponse(responseCode = "422", description = "Invalid documents; nothing was stored")
    public FactsReceipt post(String body) {
        // read as text and parsed here, so that a wrong type is reported per entry rather than as the first
        // mapping failure, and the documents are kept exactly as sent
        JsonNode root;
        try {
            root = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("body", "is not valid JSON (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        }
        if (root == null || root.isMissingNode()) {
            throw ProblemException.badRequest("body", "must be a node-facts document or an array of them");
        }
        if (root.isArray()) {
            List<JsonNode> docs = new ArrayList<>(root.size());
            root.forEach(docs::add);
            return facts.ingest(currentViewer.get(), docs, true);
        }
        return facts.ingest(currentViewer.get(), List.of(root), false);
    }
}
