package io.patchcast.web.console;

import java.util.List;
import java.util.Optional;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchcast.common.Params;
import io.patchcast.common.Problem;
import io.patchcast.common.ProblemException;
import io.patchcast.compat.RawFacts;
import io.patchcast.compat.Verdict;
import io.patchcast.exposure.EvaluateRequest;
import io.patchcast.exposure.EvaluationView;
import io.patchcast.exposure.ExposureService;
import io.patchcast.exposure.ExposureSummary;
import io.patchcast.fleet.Provider;
import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Staff pages for fleet exposure: the provider × family × hypervisor matrix, drill-down and what-if. */
@Path("/console/exposure")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Role.SUPPORT, Role.ADMIN })
public class ExposurePages {

    @Inject
    ExposureService exposure;

    @Inject
    CurrentViewer currentViewer;

    @Inject
    ObjectMapper json;

    /** The what-if form as entered, shown back with its errors. */
    public record WhatIfForm(String facts, String instanceId, String kernel) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance fleet(ExposureSummary summary, String kernel);

        static native TemplateInstance drillDown(List<ExposureService.DrillDownRow> rows, String provider,
                String family, String hypervisorType, String hypervisorVersion, Verdict verdict, String kernel);

        static native TemplateInstance whatIf(WhatIfForm form, List<Problem.FieldError> errors, EvaluationView result);
    }

    @GET
    public TemplateInstance fleet(@RestQuery String kernel) {
        return Templates.fleet(exposure.summary(kernel), kernel == null ? "" : kernel.strip());
    }

    @GET
    @Path("clusters")
    public TemplateInstance drillDown(@RestQuery String provider, @RestQuery String family,
            @RestQuery String hypervisorType, @RestQuery String hypervisorVersion, @RestQuery String verdict,
            @RestQuery String kernel) {
        Optional<Provider> p = Params.optional("provider", provider, Provider::parse, "aws, gcp, azure, self-hosted");
        Verdict v = Params.optional("verdict", verdict, ExposurePages::verdict, "AFFECTED, UNKNOWN, NOT_AFFECTED")
                .orElse(null);
        return Templates.drillDown(exposure.drillDown(p, family, hypervisorType, hypervisorVersion, v, kernel),
                p.map(Provider::key).orElse(""), family, hypervisorType, hypervisorVersion, v,
                kernel == null ? "" : kernel.strip());
    }

    @GET
    @Path("what-if")
    public TemplateInstance whatIfForm(@RestQuery String instanceId) {
        return Templates.whatIf(new WhatIfForm("", instanceId == null ? "" : instanceId, ""), List.of(), null);
    }

    @POST
    @Path("what-if")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance whatIf(@RestForm String facts, @RestForm String instanceId, @RestForm String kernel) {
        WhatIfForm form = new WhatIfForm(facts == null ? "" : facts, instanceId == null ? "" : instanceId.strip(),
                kernel == null ? "" : kernel.strip());
        try {
            EvaluationView result;
            if (!form.instanceId().isEmpty()) {
                result = exposure.evaluateNode(currentViewer.get(), form.instanceId(), form.kernel());
            } else if (!form.facts().isBlank()) {
                result = exposure.evaluate(new EvaluateRequest(parse(form.facts()), form.kernel()));
            } else {
                throw ProblemException.badRequest("facts", "paste a node facts document or enter an instance id");
            }
            return Templates.whatIf(form, List.of(), result);
        } catch (ProblemException e) {
            List<Problem.FieldError> errors = e.problem().errors().isEmpty()
                    ? List.of(new Problem.FieldError("instanceId", e.problem().detail()))
                    : e.problem().errors();
            return Templates.whatIf(form, errors, null);
        }
    }

    private RawFacts parse(String text) {
        try {
            return json.readValue(text, RawFacts.class);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            String where = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> a + "." + b).orElse("the document");
            throw ProblemException.badRequest("facts", where + " has the wrong type or shape for node facts");
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("facts", "is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    private static Optional<Verdict> verdict(String value) {
        try {
            return Optional.of(Verdict.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
