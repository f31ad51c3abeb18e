"""Personal data: erase a sender's data ("delete my data", staff CLI and API), export it for a
subject-access request, and delete what is past its retention period (hourly job + CLI)."""
