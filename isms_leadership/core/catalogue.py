"""The default catalogue of ISMS roles (ISO/IEC 27001:2022 5.3, A.5.2, A.5.3, A.5.4).

Installed once when the app is installed; a company adapts it afterwards and the app
never overwrites it. Plain data, so its consistency is checked by plain pytest.
"""

from __future__ import annotations

TOP_MANAGEMENT = "Top Management"
INFORMATION_SECURITY_MANAGER = "Information Security Manager"
PERFORMANCE_REPORTER = "ISMS Performance Reporter"
INTERNAL_AUDITOR = "Internal Auditor"

DEFAULT_ROLES: tuple[dict, ...] = (
	{
		"role_name": TOP_MANAGEMENT,
		"iso_reference": "5.1, 5.3",
		"description": "Directors who lead the ISMS, approve its policies, resources and reviews.",
		"responsibilities": (
			"Establish the information security policy and objectives; ensure the ISMS is integrated "
			"into the organisation's processes; ensure resources are available; communicate the "
			"importance of effective information security; direct and support people; promote "
			"continual improvement; chair the management review."
		),
		"authorities": "Approve policies, appointments, security budgets and management reviews.",
		"is_top_management": 1,
		"is_mandatory": 1,
		"minimum_holders": 1,
		"desk_role": "ISMS Top Management",
	},
	{
		"role_name": INFORMATION_SECURITY_MANAGER,
		"iso_reference": "5.3 a",
		"description": "Ensures the ISMS conforms to ISO/IEC 27001 and runs it day to day.",
		"responsibilities": (
			"Ensure the ISMS conforms to the requirements of ISO/IEC 27001; maintain policies, "
			"objectives, the risk process and the management review inputs."
		),
		"authorities": "Prepare and submit ISMS records for approval; assign ISMS actions.",
		"is_mandatory": 1,
		"minimum_holders": 1,
		"requires_deputy": 1,
		"requires_competence_evidence": 1,
		"desk_role": "ISMS Manager",
		"conflicting_roles": [INTERNAL_AUDITOR],
	},
	{
		"role_name": PERFORMANCE_REPORTER,
		"iso_reference": "5.3 b",
		"description": "Reports on the performance of the ISMS to top management.",
		"responsibilities": "Report on the performance of the ISMS to top management at planned intervals.",
		"authorities": "Read ISMS records and reports; present performance at management reviews.",
		"is_mandatory": 1,
		"minimum_holders": 1,
	},
	{
		"role_name": INTERNAL_AUDITOR,
		"iso_reference": "9.2, A.5.3",
		"description": "Audits the ISMS independently of those who run it.",
		"responsibilities": "Plan and perform internal audits of the ISMS; report results to top management.",
		"authorities": "Read every ISMS record; raise nonconformities.",
		"is_mandatory": 1,
		"minimum_holders": 1,
		"requires_competence_evidence": 1,
		"desk_role": "ISMS Auditor",
		"conflicting_roles": [INFORMATION_SECURITY_MANAGER],
	},
	{
		"role_name": "Risk Owner",
		"iso_reference": "6.1.2 c",
		"description": "Accountable for managing an information security risk.",
		"responsibilities": "Approve the risk treatment plan and accept residual risks for owned risks.",
		"authorities": "Accept residual risk within the risk criteria.",
		"is_mandatory": 1,
		"minimum_holders": 1,
	},
	{
		"role_name": "Asset Owner",
		"iso_reference": "A.5.9",
		"description": "Accountable for an information asset over its life cycle.",
		"responsibilities": "Keep the inventory entry of owned assets true; classify and protect them.",
		"authorities": "Decide access to owned assets.",
	},
	{
		"role_name": "Data Protection Officer",
		"iso_reference": "A.5.34",
		"description": "Oversees privacy and protection of personal data.",
		"responsibilities": "Advise on and monitor compliance with data protection law.",
		"authorities": "Report directly to top management on data protection matters.",
	},
	{
		"role_name": "Incident Response Lead",
		"iso_reference": "A.5.24, A.5.26",
		"description": "Leads the response to information security incidents.",
		"responsibilities": "Coordinate incident response; ensure lessons learned are recorded.",
		"authorities": "Invoke the incident response plan.",
		"is_mandatory": 1,
		"minimum_holders": 1,
		"requires_deputy": 1,
	},
	{
		"role_name": "Security Awareness Lead",
		"iso_reference": "7.3, A.6.3",
		"description": "Plans and runs information security awareness and training.",
		"responsibilities": "Run the awareness programme and keep records of participation.",
		"authorities": "Schedule mandatory awareness sessions.",
	},
)
