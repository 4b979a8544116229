// The corpus generator lands here (see issue 5).
