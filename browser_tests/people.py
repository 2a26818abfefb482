"""The company and the people of the demo (`bench --site <site> isms-demo`) the scenarios log in as."""

COMPANY = "ISMS Demo Ltd"
DOMAIN = "isms-demo.example"

DIRECTOR = f"director@{DOMAIN}"  # Chief Executive, holds Top Management; chairs reviews, approves
CFO = f"cfo@{DOMAIN}"  # holds Top Management too; Accounts Manager
FINANCE = f"finance@{DOMAIN}"  # finance reviewer: Accounts Manager and Accounts User
HR = f"hr@{DOMAIN}"  # HR Manager and HR User
ISM = f"ism@{DOMAIN}"  # holds Information Security Manager (desk role ISMS Manager)
AUDITOR = f"auditor@{DOMAIN}"  # holds Internal Auditor (desk role ISMS Auditor)
EMPLOYEE = f"employee@{DOMAIN}"  # a plain employee in Operations
CANDIDATE = f"candidate@{DOMAIN}"  # an engineer with no ISMS role, free to be appointed
