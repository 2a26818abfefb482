from hypothesis import given
from hypothesis import strategies as st

from isms_leadership.core.approval import ApprovalContext, ApprovalDecision, check_approval

COMPANY = "Acme Ltd"
DIRECTOR = "director@acme.test"


def ctx(**kwargs):
	base = {
		"approver": DIRECTOR,
		"company": COMPANY,
		"top_management_companies": {COMPANY},
		"author": "manager@acme.test",
		"approver_roles": {"ISMS Top Management"},
	}
	base.update(kwargs)
	return ApprovalContext(**base)


def test_top_management_holder_of_the_company_may_approve():
	decision = check_approval(ctx())
	assert decision == ApprovalDecision(True)
	assert not decision.bootstrap


def test_holder_in_another_company_is_refused():
	decision = check_approval(ctx(top_management_companies={"Other Co"}))
	assert not decision.allowed
	assert "desk role alone is not enough" in decision.message()
	assert COMPANY in decision.message()


def test_desk_role_alone_is_not_enough():
	decision = check_approval(ctx(top_management_companies=()))
	assert not decision.allowed
	assert decision.message() == (
		"director@acme.test has the desk role ISMS Top Management but holds no active "
		"top-management ISMS role in Acme Ltd; a desk role alone is not enough to approve."
	)


def test_user_without_role_or_holding_is_refused():
	decision = check_approval(ctx(top_management_companies=(), approver_roles={"HR Manager"}))
	assert not decision.allowed
	assert decision.message() == (
		"Only a holder of an active top-management ISMS role in Acme Ltd can approve; "
		"director@acme.test holds none."
	)


def test_author_cannot_approve_even_as_top_management():
	decision = check_approval(ctx(author=DIRECTOR))
	assert not decision.allowed
	assert decision.message() == "director@acme.test prepared this document and cannot also approve it."


def test_subject_cannot_approve_own_appointment():
	decision = check_approval(ctx(subjects=["someone@acme.test", DIRECTOR]))
	assert not decision.allowed
	assert "is the subject of this document" in decision.message()


def test_requester_and_reviewer_cannot_approve():
	assert "requested this" in check_approval(ctx(requesters=[DIRECTOR])).message()
	assert "reviewed this" in check_approval(ctx(reviewers=[None, DIRECTOR])).message()


def test_user_ids_compare_without_case_or_spaces():
	decision = check_approval(ctx(author=" Director@ACME.test "))
	assert not decision.allowed


def test_guest_and_empty_approver_are_refused():
	for approver in (None, "", "Guest"):
		decision = check_approval(ctx(approver=approver))
		assert not decision.allowed
		assert decision.message() == "You must be logged in to approve."


def test_document_without_company_cannot_be_approved():
	decision = check_approval(ctx(company=None))
	assert not decision.allowed
	assert "no company" in decision.message()


def test_bootstrap_lets_a_system_manager_approve_the_first_top_management():
	decision = check_approval(
		ctx(top_management_companies=(), approver_roles={"System Manager"}, bootstrap_possible=True)
	)
	assert decision.allowed
	assert decision.bootstrap


def test_bootstrap_needs_system_manager_and_the_bootstrap_situation():
	not_sm = check_approval(
		ctx(top_management_companies=(), approver_roles={"HR Manager"}, bootstrap_possible=True)
	)
	assert not not_sm.allowed
	no_bootstrap = check_approval(
		ctx(top_management_companies=(), approver_roles={"System Manager"}, bootstrap_possible=False)
	)
	assert not no_bootstrap.allowed


def test_bootstrap_never_lets_a_system_manager_appoint_themselves():
	decision = check_approval(
		ctx(
			top_management_companies=(),
			approver_roles={"System Manager"},
			bootstrap_possible=True,
			subjects=[DIRECTOR],
		)
	)
	assert not decision.allowed
	assert not decision.bootstrap


def test_holder_approval_is_not_marked_bootstrap_even_when_bootstrap_possible():
	decision = check_approval(ctx(approver_roles={"System Manager"}, bootstrap_possible=True))
	assert decision.allowed and not decision.bootstrap


def test_message_is_translated_before_formatting():
	decision = check_approval(ctx(author=DIRECTOR))
	translated = decision.message(lambda s: s.replace("prepared", "a préparé"))
	assert translated == "director@acme.test a préparé this document and cannot also approve it."


users = st.sampled_from(["a@x.test", "b@x.test", "c@x.test", "d@x.test", ""])
companies = st.sampled_from(["Acme Ltd", "Other Co", ""])
roles = st.sets(st.sampled_from(["System Manager", "ISMS Top Management", "HR Manager", "Employee"]))


@given(
	approver=users,
	company=companies,
	tm=st.sets(companies),
	author=users,
	requesters=st.lists(users, max_size=2),
	reviewers=st.lists(users, max_size=2),
	subjects=st.lists(users, max_size=2),
	desk_roles=roles,
	bootstrap=st.booleans(),
)
def test_approval_properties(
	approver, company, tm, author, requesters, reviewers, subjects, desk_roles, bootstrap
):
	decision = check_approval(
		ApprovalContext(
			approver=approver,
			company=company,
			top_management_companies=tm,
			author=author,
			requesters=requesters,
			reviewers=reviewers,
			subjects=subjects,
			approver_roles=desk_roles,
			bootstrap_possible=bootstrap,
		)
	)
	involved = {author, *requesters, *reviewers, *subjects} - {""}
	if decision.allowed:
		# nobody approves what they wrote, asked for, reviewed or are the subject of
		assert approver and approver not in involved
		assert company
		# only a holder in that company, or a System Manager under the bootstrap exception
		assert company in tm or (bootstrap and "System Manager" in desk_roles)
		assert decision.bootstrap == (company not in tm)
		assert decision.reason == ""
	else:
		assert decision.reason
		assert not decision.bootstrap
		# every refusal reads as a complete sentence
		assert decision.message().endswith(".")
	# a desk role never decides on its own
	if company and company not in tm and not (bootstrap and "System Manager" in desk_roles):
		assert not decision.allowed
