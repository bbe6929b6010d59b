using System.Net.Http.Json;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.IntegrationTests.Meetings;
using RecoveryPlatform.Modules.Referrals.Retention;
using FhirBundle = Hl7.Fhir.Model.Bundle;
using FhirTask = Hl7.Fhir.Model.Task;

namespace RecoveryPlatform.IntegrationTests.Referrals;

/// <summary>A treatment service refers a person to a fellowship, and both follow the referral to its outcome, over HTTP.</summary>
public abstract class ReferralsTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string Referrals = ReferralArrangement.Referrals;

    [Fact]
    public async Task A_referral_goes_from_submission_to_outcome_with_both_sides_seeing_each_step()
    {
        var parties = await Api.ReferralPartiesAsync();
        var submitted = await (await parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(ReferralArrangement.Submission(parties.Fellowship)), Cancellation))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        var id = submitted["id"]!.GetValue<string>();
        submitted["reference"]!.GetValue<string>().ShouldMatch("^RF-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$");
        submitted["status"]!.GetValue<string>().ShouldBe("requested");

        // The fellowship finds it among what it received, without the person's data.
        var received = await (await parties.Coordinator.GetAsync($"{Referrals}?side=received&status=requested", Cancellation)).ShouldBeJsonAsync();
        var listed = received["items"]!.AsArray().Single()!.AsObject();
        listed["id"]!.GetValue<string>().ShouldBe(id);
        listed.ToJsonString().ShouldNotContain(ReferralArrangement.PersonName);
        listed["allowedTransitions"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["received", "entered-in-error"]);

        (await parties.Coordinator.MoveAsync(id, "received")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await parties.Coordinator.MoveAsync(id, "accepted")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await parties.Coordinator.MoveAsync(id, "in-progress", "contact-attempted", "No answer; left a voicemail.")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await parties.Coordinator.MoveAsync(id, "in-progress", "contact-made")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var completed = await (await parties.Coordinator.MoveAsync(id, "completed", "attended-first-meeting")).ShouldBeJsonAsync();
        completed["status"]!.GetValue<string>().ShouldBe("completed");
        completed["statusReason"]!.GetValue<string>().ShouldBe("attended-first-meeting");
        completed["allowedTransitions"]!.AsArray().ShouldBeEmpty();

        // The referrer sees the outcome, and the person's data with a purpose.
        var read = await (await parties.Referrer.ReadAsync($"{Referrals}/{id}")).ShouldBeJsonAsync();
        read["referral"]!["status"]!.GetValue<string>().ShouldBe("completed");
        read["referral"]!["priority"]!.GetValue<string>().ShouldBe("urgent");
        read["referral"]!["area"]!.GetValue<string>().ShouldBe("LS6");
        read["person"]!["firstName"]!.GetValue<string>().ShouldBe(ReferralArrangement.PersonName);
        read["person"]!["phone"]!.GetValue<string>().ShouldBe(ReferralArrangement.PersonPhone);
        read["consent"]!["statementVersion"]!.GetValue<string>().ShouldBe("2026-01");

        var history = (await (await parties.Coordinator.ReadAsync($"{Referrals}/{id}/history")).Content.ReadFromJsonAsync<JsonArray>(Cancellation))!;
        history.Select(h => h!["to"]!.GetValue<string>()).ShouldBe(["requested", "received", "accepted", "in-progress", "in-progress", "completed"]);
        history[3]!["note"]!.GetValue<string>().ShouldBe("No answer; left a voicemail.");
        history[3]!["by"]!.GetValue<string>().ShouldBe("receiver");

        var statistics = await (await parties.Coordinator.GetAsync($"{Referrals}/statistics", Cancellation)).ShouldBeJsonAsync();
        statistics["side"]!.GetValue<string>().ShouldBe("received");
        statistics["total"]!.GetValue<int>().ShouldBe(1);
        statistics["byStatus"]!["completed"]!.GetValue<int>().ShouldBe(1);
        statistics["byOutcome"]!["attended-first-meeting"]!.GetValue<int>().ShouldBe(1);
        statistics["medianHoursToFirstContact"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task A_retry_with_the_same_key_is_the_same_referral_and_another_body_under_it_is_a_422()
    {
        var parties = await Api.ReferralPartiesAsync();
        var body = ReferralArrangement.Submission(parties.Fellowship);
        var key = Guid.NewGuid().ToString();

        var first = await (await parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(body, key), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);
        var retry = await parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(body, key), Cancellation);
        (await retry.ShouldBeJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>().ShouldBe(first["id"]!.GetValue<string>());
        retry.Headers.GetValues("Idempotent-Replayed").Single().ShouldBe("true");

        body["notes"] = "Another referral altogether.";
        await (await parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(body, key), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        var sent = await (await parties.Referrer.GetAsync($"{Referrals}?side=sent", Cancellation)).ShouldBeJsonAsync();
        sent["totalItems"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Twenty_concurrent_retries_make_exactly_one_referral()
    {
        var parties = await Api.ReferralPartiesAsync();
        var body = ReferralArrangement.Submission(parties.Fellowship);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(body, key), Cancellation)));

        // A duplicate that arrives while the first runs waits for it; all answers are the first one's.
        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            ids.Add((await response.ShouldBeJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>());
        }

        ids.Count.ShouldBe(1);
        var sent = await (await parties.Referrer.GetAsync($"{Referrals}?side=sent", Cancellation)).ShouldBeJsonAsync();
        sent["totalItems"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task A_submission_without_an_idempotency_key_is_a_400_naming_the_header()
    {
        var parties = await Api.ReferralPartiesAsync();
        var response = await parties.Referrer.PostAsync(Referrals, HttpAssertions.Json(ReferralArrangement.Submission(parties.Fellowship).ToJsonString()), Cancellation);
        await response.ShouldBeValidationProblemAsync("Idempotency-Key");
    }

    public static TheoryData<string, string> BadSubmissions() => new()
    {
        { """{"consent":null}""", "consent" },
        { """{"consent":{"given":false,"statementVersion":"2026-01","capturedBy":"A","capturedAt":"2026-11-30T09:00:00Z"}}""", "consent.given" },
        { """{"consent":{"given":true,"statementVersion":"2026-01","capturedBy":"A","capturedAt":"2999-01-01T00:00:00Z"}}""", "consent.capturedAt" },
        { """{"person":{"firstName":"Sam","preferredContactMethod":"phone"}}""", "person" },
        { """{"person":{"firstName":"Sam","email":"sam@example.com","preferredContactMethod":"phone"}}""", "person.preferredContactMethod" },
        { """{"person":{"firstName":"Sa\u0007m","phone":"07700 900123","preferredContactMethod":"phone"}}""", "person.firstName" },
        { """{"person":{"firstName":"Sam","phone":"call me","preferredContactMethod":"phone"}}""", "person.phone" },
        { """{"person":null}""", "person" },
        { """{"reason":"gambling"}""", "reason" },
        { """{"area":"XX99"}""", "area" },
        { """{"organisation":null}""", "organisation" },
        { """{"referrer":{"name":"A"}}""", "referrer.role" },
    };

    [Theory]
    [MemberData(nameof(BadSubmissions))]
    public async Task A_bad_submission_is_a_400_naming_the_field_and_nothing_is_written(string change, string field)
    {
        var parties = await Api.ReferralPartiesAsync();
        var body = ReferralArrangement.Submission(parties.Fellowship);
        foreach (var (name, value) in JsonNode.Parse(change)!.AsObject())
        {
            body[name] = value?.DeepClone();
        }

        await (await parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(body), Cancellation)).ShouldBeValidationProblemAsync(field);
        var sent = await (await parties.Referrer.GetAsync($"{Referrals}?side=sent", Cancellation)).ShouldBeJsonAsync();
        sent["totalItems"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task Oversize_notes_are_a_400()
    {
        var parties = await Api.ReferralPartiesAsync();
        await (await parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(ReferralArrangement.Submission(parties.Fellowship, new string('x', 1001))), Cancellation))
            .ShouldBeValidationProblemAsync("notes");
    }

    [Fact]
    public async Task A_referral_the_rules_refuse_is_a_422_naming_the_rule()
    {
        var parties = await Api.ReferralPartiesAsync("BD1");
        var outside = await parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(ReferralArrangement.Submission(parties.Fellowship)), Cancellation);
        (await outside.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["rule"]!.GetValue<string>().ShouldBe("area");

        var notAccepting = await Api.CreateOrganisationAsync();
        var refused = await parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(ReferralArrangement.Submission(notAccepting)), Cancellation);
        (await refused.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["rule"]!.GetValue<string>().ShouldBe("accepts-referrals");

        var toAService = await parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(ReferralArrangement.Submission(parties.Service)), Cancellation);
        (await toAService.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["detail"]!.GetValue<string>().ShouldContain("fellowships");

        var body = ReferralArrangement.Submission(parties.Fellowship);
        body["area"] = "BD1 1AA";
        body["groupId"] = Guid.NewGuid().ToString();
        var unknownGroup = await parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(body), Cancellation);
        (await unknownGroup.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["detail"]!.GetValue<string>().ShouldContain("groupId");
    }

    [Fact]
    public async Task A_referral_may_name_a_public_meeting_of_the_fellowship_but_not_another_ones()
    {
        var parties = await Api.ReferralPartiesAsync();
        var ownMeeting = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(await Api.CreateGroupAsync(parties.Fellowship), "Referral Meeting", venueId: await Api.CreateVenueAsync(parties.Fellowship)));
        var elsewhere = await Api.MeetingAtAVenueAsync("Elsewhere");

        var body = ReferralArrangement.Submission(parties.Fellowship);
        body["meetingId"] = ownMeeting;
        var id = await parties.Referrer.SubmitAsync(body);
        var read = await (await parties.Coordinator.ReadAsync($"{Referrals}/{id}")).ShouldBeJsonAsync();
        read["referral"]!["meetingId"]!.GetValue<string>().ShouldBe(ownMeeting);
        read["referral"]!["groupId"]!.GetValue<string>().ShouldNotBeNullOrEmpty();

        body["meetingId"] = elsewhere.MeetingId;
        (await (await parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(body), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))
            ["detail"]!.GetValue<string>().ShouldContain("meetingId");
    }

    [Fact]
    public async Task A_fellowships_key_cannot_submit_a_referral()
    {
        var parties = await Api.ReferralPartiesAsync();
        var response = await parties.Coordinator.SendAsync(ReferralArrangement.SubmitRequest(ReferralArrangement.Submission(parties.Fellowship)), Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_illegal_move_is_a_409_naming_the_allowed_ones_and_the_other_sides_move_a_403()
    {
        var parties = await Api.ReferralPartiesAsync();
        var id = await parties.Referrer.SubmitAsync(ReferralArrangement.Submission(parties.Fellowship));

        var skip = await (await parties.Coordinator.MoveAsync(id, "completed", "attended-first-meeting")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        skip["allowedTransitions"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["received", "entered-in-error"]);

        await (await parties.Referrer.MoveAsync(id, "received")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await parties.Coordinator.MoveAsync(id, "cancelled", "duplicate")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await parties.Referrer.MoveAsync(id, "cancelled")).ShouldBeValidationProblemAsync("reason");
        await (await parties.Referrer.MoveAsync(id, "cancelled", "because")).ShouldBeValidationProblemAsync("reason");
        await (await parties.Referrer.MoveAsync(id, "teleported")).ShouldBeValidationProblemAsync("status");

        (await parties.Referrer.MoveAsync(id, "cancelled", "person-withdrew")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var final = await (await parties.Referrer.MoveAsync(id, "entered-in-error")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        final["allowedTransitions"]!.AsArray().ShouldBeEmpty();
        final["detail"]!.GetValue<string>().ShouldContain("final");
    }

    [Fact]
    public async Task Of_ten_simultaneous_identical_moves_exactly_one_happens_and_the_rest_are_409s()
    {
        var parties = await Api.ReferralPartiesAsync();
        var id = await parties.Referrer.SubmitAsync(ReferralArrangement.Submission(parties.Fellowship));

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => parties.Coordinator.MoveAsync(id, "received")));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }

        var history = (await (await parties.Coordinator.ReadAsync($"{Referrals}/{id}/history")).Content.ReadFromJsonAsync<JsonArray>(Cancellation))!;
        history.Select(h => h!["to"]!.GetValue<string>()).ShouldBe(["requested", "received"]);
    }

    [Fact]
    public async Task Nobody_outside_the_two_organisations_learns_that_a_referral_exists()
    {
        var parties = await Api.ReferralPartiesAsync();
        var id = await parties.Referrer.SubmitAsync(ReferralArrangement.Submission(parties.Fellowship));
        var others = await Api.ReferralPartiesAsync();
        var outsiders = new[]
        {
            others.Referrer, others.Coordinator, others.ServiceAdmin, others.FellowshipAdmin,
            Api.WithKey(await Api.CreateKeyAsync(parties.Fellowship, "editor")),
            Api.WithKey(await Api.CreateKeyAsync(parties.Fellowship, "reader")),
            Api.WithKey(await Api.CreateKeyAsync(parties.Service, "reader")),
            Api.PlatformAdmin(),
        };

        foreach (var outsider in outsiders)
        {
            foreach (var url in new[] { $"{Referrals}/{id}", $"{Referrals}/{id}/history", $"{Referrals}/{id}/fhir", $"{Referrals}/{id}/subject-access", $"{Referrals}/{id}/access-log" })
            {
                await (await outsider.ReadAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            }

            await (await outsider.MoveAsync(id, "received")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            await (await outsider.DeleteAsync($"{Referrals}/{id}/personal-data", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            var listed = await (await outsider.GetAsync(Referrals, Cancellation)).ShouldBeJsonAsync();
            listed["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ShouldNotContain(id);
        }

        await (await Api.Anonymous().GetAsync($"{Referrals}/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    /// <summary>
    /// No cache, shared or the browser's own, may keep a referral answer (docs/security.md, threat model: "All of these
    /// answers are no-store"), and none is compressed, since a compressed secret beside attacker-chosen text is what
    /// BREACH reads. Every request offers gzip and br, as a browser's would.
    /// </summary>
    [Fact]
    public async Task Every_referral_answer_is_no_store_and_uncompressed()
    {
        var parties = await Api.ReferralPartiesAsync();
        foreach (var client in new[] { parties.Referrer, parties.Coordinator, parties.FellowshipAdmin })
        {
            client.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip, br");
        }

        var submitted = await parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(ReferralArrangement.Submission(parties.Fellowship)), Cancellation);
        NotStoredNorCompressed(submitted, "POST /referrals");
        var id = (await submitted.ShouldBeJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();

        var moved = await parties.Coordinator.MoveAsync(id, "received");
        NotStoredNorCompressed(moved, "POST transitions");
        await moved.ShouldBeJsonAsync();

        var reads = new (HttpClient Reader, string Url)[]
        {
            (parties.Coordinator, $"{Referrals}/{id}"),
            (parties.Referrer, $"{Referrals}/{id}"),
            (parties.Coordinator, $"{Referrals}/{id}/history"),
            (parties.Coordinator, $"{Referrals}/{id}/fhir"),
            (parties.Coordinator, $"{Referrals}?side=received"),
            (parties.Referrer, $"{Referrals}?side=sent"),
            (parties.FellowshipAdmin, $"{Referrals}/{id}/subject-access"),
            (parties.FellowshipAdmin, $"{Referrals}/{id}/access-log"),
        };
        foreach (var (reader, url) in reads)
        {
            var response = await reader.ReadAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {url}");
            NotStoredNorCompressed(response, $"GET {url}");
        }

        static void NotStoredNorCompressed(HttpResponseMessage response, string what)
        {
            (response.Headers.CacheControl?.NoStore ?? false).ShouldBeTrue($"{what}: Cache-Control {response.Headers.CacheControl}");
            response.Content.Headers.ContentEncoding.ShouldBeEmpty($"{what} is not compressed");
        }
    }

    [Fact]
    public async Task A_read_of_personal_data_needs_a_purpose_and_every_read_is_in_the_access_log()
    {
        var parties = await Api.ReferralPartiesAsync();
        var id = await parties.Referrer.SubmitAsync(ReferralArrangement.Submission(parties.Fellowship));

        await (await parties.Coordinator.ReadAsync($"{Referrals}/{id}", purpose: null)).ShouldBeValidationProblemAsync("purpose");
        await (await parties.Coordinator.ReadAsync($"{Referrals}/{id}", purpose: "curiosity")).ShouldBeValidationProblemAsync("purpose");
        (await parties.Coordinator.ReadAsync($"{Referrals}/{id}", purpose: "direct-care")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await parties.Referrer.ReadAsync($"{Referrals}/{id}?purpose=administration", purpose: null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var log = (await (await parties.FellowshipAdmin.GetAsync($"{Referrals}/{id}/access-log", Cancellation)).Content.ReadFromJsonAsync<JsonArray>(Cancellation))!;
        log.Select(e => (e!["purpose"]!.GetValue<string>(), e["action"]!.GetValue<string>(), e["role"]!.GetValue<string>()))
            .ShouldBe([("direct-care", "read", "referral-coordinator"), ("administration", "read", "referrer")]);
        await (await parties.Coordinator.GetAsync($"{Referrals}/{id}/access-log", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Erasing_the_persons_data_leaves_the_referral_and_its_statistics()
    {
        var parties = await Api.ReferralPartiesAsync();
        var id = await parties.Referrer.SubmitAsync(ReferralArrangement.Submission(parties.Fellowship));
        (await parties.Coordinator.MoveAsync(id, "received", note: $"Spoke to {ReferralArrangement.PersonName}'s worker.")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await parties.Referrer.DeleteAsync($"{Referrals}/{id}/personal-data", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await parties.Referrer.DeleteAsync($"{Referrals}/{id}/personal-data", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var read = await (await parties.Coordinator.ReadAsync($"{Referrals}/{id}")).ShouldBeJsonAsync();
        read["referral"]!["personalDataErased"]!.GetValue<bool>().ShouldBeTrue();
        read["referral"]!["status"]!.GetValue<string>().ShouldBe("received");
        read["person"].ShouldBeNull();
        read.ToJsonString().ShouldNotContain(ReferralArrangement.PersonName);
        var history = await (await parties.Coordinator.ReadAsync($"{Referrals}/{id}/history")).Content.ReadAsStringAsync(Cancellation);
        history.ShouldNotContain(ReferralArrangement.PersonName);

        var subjectAccess = await (await parties.ServiceAdmin.GetAsync($"{Referrals}/{id}/subject-access", Cancellation)).ShouldBeJsonAsync();
        subjectAccess["accesses"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()).ShouldContain("erase");
        var statistics = await (await parties.Coordinator.GetAsync($"{Referrals}/statistics", Cancellation)).ShouldBeJsonAsync();
        statistics["total"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task A_subject_access_request_returns_the_person_their_history_and_who_read_it()
    {
        var parties = await Api.ReferralPartiesAsync();
        var id = await parties.Referrer.SubmitAsync(ReferralArrangement.Submission(parties.Fellowship));
        (await parties.Coordinator.ReadAsync($"{Referrals}/{id}", "safeguarding")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var answer = await (await parties.ServiceAdmin.GetAsync($"{Referrals}/{id}/subject-access", Cancellation)).ShouldBeJsonAsync();
        answer["referral"]!["person"]!["email"]!.GetValue<string>().ShouldBe(ReferralArrangement.PersonEmail);
        answer["history"]!.AsArray().Count.ShouldBe(1);
        answer["accesses"]!.AsArray().Select(a => a!["purpose"]!.GetValue<string>()).ShouldBe(["safeguarding", "subject-access-request"]);
        await (await parties.Referrer.GetAsync($"{Referrals}/{id}/subject-access", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_retention_job_erases_personal_data_only_after_the_retention_period_of_a_closed_referral()
    {
        var parties = await Api.ReferralPartiesAsync();
        var closed = await parties.Referrer.SubmitAsync(ReferralArrangement.Submission(parties.Fellowship));
        var open = await parties.Referrer.SubmitAsync(ReferralArrangement.Submission(parties.Fellowship));
        (await parties.Referrer.MoveAsync(closed, "cancelled", "person-withdrew")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var retention = Api.Services.GetRequiredService<PersonalDataRetention>();

        Api.Clock.Advance(TimeSpan.FromDays(89));
        await retention.EraseDueAsync(Cancellation);
        (await (await parties.Referrer.ReadAsync($"{Referrals}/{closed}")).ShouldBeJsonAsync())["person"].ShouldNotBeNull();

        Api.Clock.Advance(TimeSpan.FromDays(2));
        (await retention.EraseDueAsync(Cancellation)).ShouldBeGreaterThanOrEqualTo(1);
        (await (await parties.Referrer.ReadAsync($"{Referrals}/{closed}")).ShouldBeJsonAsync())["person"].ShouldBeNull();
        (await (await parties.Referrer.ReadAsync($"{Referrals}/{open}")).ShouldBeJsonAsync())["person"].ShouldNotBeNull();
    }

    [Fact]
    public async Task The_FHIR_view_is_a_valid_R4_bundle_whose_task_status_is_the_referrals()
    {
        var parties = await Api.ReferralPartiesAsync();
        var id = await parties.Referrer.SubmitAsync(ReferralArrangement.Submission(parties.Fellowship));
        (await parties.Coordinator.MoveAsync(id, "received")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var request = new HttpRequestMessage(HttpMethod.Get, $"{Referrals}/{id}/fhir");
        request.Headers.Add("Accept", "application/fhir+json");
        var response = await parties.Coordinator.SendAsync(request, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/fhir+json");
        var json = await response.Content.ReadAsStringAsync(Cancellation);
        json.ShouldNotContain(ReferralArrangement.PersonName);
        json.ShouldNotContain(ReferralArrangement.PersonPhone);

        var bundle = FhirJsonDeserializer.STRICT.Deserialize<FhirBundle>(json) ?? throw new InvalidOperationException("No bundle.");
        bundle.Validate().ShouldBeEmpty();
        var task = bundle.Entry.Select(e => e.Resource).OfType<FhirTask>().Single();
        task.Status.ShouldBe(FhirTask.TaskStatus.Received);
        task.Focus!.Reference.ShouldBe(bundle.Entry.Single(e => e.Resource is Hl7.Fhir.Model.ServiceRequest).FullUrl);
        var serviceRequest = bundle.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.ServiceRequest>().Single();
        serviceRequest.Priority.ShouldBe(Hl7.Fhir.Model.RequestPriority.Urgent);
        serviceRequest.ReasonCode.Single().Coding.Single().Code.ShouldBe("alcohol");
    }

    [Fact]
    public async Task A_referrer_finds_the_fellowships_that_accept_referrals_near_a_place()
    {
        var nearby = await Api.ReferralPartiesAsync("LS6", "LS7");
        var elsewhere = await Api.ReferralPartiesAsync("BD1");

        var found = (await (await Api.Anonymous().GetAsync("/api/v1/referral-destinations?near=ls6%201aa", Cancellation)).Content.ReadFromJsonAsync<JsonArray>(Cancellation))!;
        var slugs = found.Select(d => d!["organisation"]!.GetValue<string>()).ToList();
        slugs.ShouldContain(nearby.Fellowship);
        slugs.ShouldNotContain(elsewhere.Fellowship);
        found.First(d => d!["organisation"]!.GetValue<string>() == nearby.Fellowship)!["district"]!.GetValue<string>().ShouldBe("LS6");

        await (await Api.Anonymous().GetAsync("/api/v1/referral-destinations?near=nowhere", Cancellation)).ShouldBeValidationProblemAsync("near");
        var settings = await (await Api.Anonymous().GetAsync($"/api/v1/organisations/{nearby.Fellowship}/referral-settings", Cancellation)).ShouldBeJsonAsync();
        settings["districts"]!.AsArray().Select(d => d!.GetValue<string>()).ShouldBe(["LS6", "LS7"]);
        await (await nearby.Coordinator.PutAsync($"/api/v1/organisations/{nearby.Fellowship}/referral-settings", HttpAssertions.Json(new { acceptsReferrals = false, nationwide = false }), Cancellation))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class ReferralsTestsOnSqlite(SqliteApiFactory api) : ReferralsTests<SqliteApiFactory>(api);
